/** Filters and page of the execution history, as the list endpoint takes them. */
export interface HistoryQuery {
  planId: string | null;
  status: string | null;
  limit: number;
  offset: number;
}

/** Builds the list request for a query, such as `/executions?planId=…&limit=25&offset=50`. */
export function executionListPath(query: HistoryQuery): string {
  const params = new URLSearchParams();
  if (query.planId) {
    params.set('planId', query.planId);
  }
  if (query.status) {
    params.set('status', query.status);
  }
  params.set('limit', String(query.limit));
  params.set('offset', String(query.offset));

  return `/executions?${params.toString()}`;
}

/** Pages needed for `total` items, at least 1 so that the pager shows an empty first page. */
export function pageCount(total: number, limit: number): number {
  return Math.max(1, Math.ceil(total / limit));
}

/** Returns the 1-based page that starts at `offset`. */
export function pageOfOffset(offset: number, limit: number): number {
  return Math.floor(offset / limit) + 1;
}

export function offsetOfPage(page: number, limit: number): number {
  return Math.max(0, page - 1) * limit;
}
