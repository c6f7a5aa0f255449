/** A value a table column sorts by; null sorts after every other value in either direction. */
export type SortValue = string | number | null;

/**
 * Returns a sorted copy of `items`. Strings compare in the reader's locale with numbers inside
 * them in numeric order, so that "web-10" follows "web-9".
 */
export function sortItems<T>(
  items: readonly T[],
  sortValue: (item: T) => SortValue,
  descending: boolean,
): T[] {
  const direction = descending ? -1 : 1;

  return [...items].sort((a, b) => {
    const left = sortValue(a);
    const right = sortValue(b);
    if (left === null && right === null) {
      return 0;
    }
    if (left === null) {
      return 1;
    }
    if (right === null) {
      return -1;
    }
    if (typeof left === 'number' && typeof right === 'number') {
      return (left - right) * direction;
    }

    return String(left).localeCompare(String(right), undefined, { numeric: true }) * direction;
  });
}

/** Number of pages for `count` items, at least 1 so that an empty table still shows page 1. */
export function pageCount(count: number, pageSize: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

/** Items of the 1-based `page`; a page past the end returns the last page. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): T[] {
  const last = pageCount(items.length, pageSize);
  const current = Math.min(Math.max(1, page), last);

  return items.slice((current - 1) * pageSize, current * pageSize);
}
