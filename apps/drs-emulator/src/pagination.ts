import { DrsApiError, validationError } from './errors';

/**
 * Page size when a request gives no maxResults. DRS does not document its default; 100 keeps
 * pagination visible with the larger scenarios.
 */
export const DEFAULT_PAGE_SIZE = 100;

export interface PageRequest {
  maxResults?: number;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page, so the SDK paginators stop. */
  nextToken?: string;
}

interface TokenContent {
  operation: string;
  after: number;
}

/**
 * Cuts one page out of `items`. `cursorOf` gives each item a number that increases along the list
 * order. The token stores the cursor of the last item served rather than an offset, so items
 * created or removed between two calls neither repeat nor get skipped.
 */
export function paginate<T>(
  operationName: string,
  items: T[],
  cursorOf: (item: T) => number,
  request: PageRequest,
  defaultPageSize = DEFAULT_PAGE_SIZE,
): Page<T> {
  const pageSize = request.maxResults ?? defaultPageSize;
  const after = request.nextToken ? decodeToken(operationName, request.nextToken) : undefined;
  const remaining = after === undefined ? items : items.filter((item) => cursorOf(item) > after);
  const pageItems = remaining.slice(0, pageSize);

  if (remaining.length <= pageSize) {
    return { items: pageItems };
  }

  const last = pageItems[pageItems.length - 1];

  return { items: pageItems, nextToken: encodeToken({ operation: operationName, after: cursorOf(last) }) };
}

function encodeToken(content: TokenContent): string {
  return Buffer.from(JSON.stringify(content), 'utf8').toString('base64url');
}

function decodeToken(operationName: string, token: string): number {
  let content: unknown;
  try {
    content = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken(operationName);
  }

  const candidate = content as Partial<TokenContent> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.operation !== operationName ||
    typeof candidate.after !== 'number'
  ) {
    throw invalidToken(operationName);
  }

  return candidate.after;
}

function invalidToken(operationName: string): DrsApiError {
  return validationError([
    {
      name: 'nextToken',
      constraint: 'pattern',
      message: `is not a token returned by ${operationName}; pass the nextToken of the previous page unchanged`,
    },
  ]);
}
