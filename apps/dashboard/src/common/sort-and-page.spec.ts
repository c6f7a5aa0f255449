import { pageCount, pageOf, sortItems } from './sort-and-page';

describe('sortItems', () => {
  const hosts = [{ name: 'web-10' }, { name: 'web-9' }, { name: 'app-1' }];

  it('sorts strings with numbers in numeric order', () => {
    expect(sortItems(hosts, (host) => host.name, false).map((host) => host.name)).toEqual([
      'app-1',
      'web-9',
      'web-10',
    ]);
  });

  it('reverses the order when descending', () => {
    expect(sortItems(hosts, (host) => host.name, true).map((host) => host.name)).toEqual([
      'web-10',
      'web-9',
      'app-1',
    ]);
  });

  it('sorts numbers by value', () => {
    expect(sortItems([3, 20, 1], (value) => value, false)).toEqual([1, 3, 20]);
  });

  it('puts null values last in both directions', () => {
    const lags = [{ lag: null }, { lag: 5 }, { lag: 1 }];
    expect(sortItems(lags, (item) => item.lag, false).map((item) => item.lag)).toEqual([1, 5, null]);
    expect(sortItems(lags, (item) => item.lag, true).map((item) => item.lag)).toEqual([5, 1, null]);
  });

  it('leaves the input unchanged', () => {
    const input = [2, 1];
    sortItems(input, (value) => value, false);
    expect(input).toEqual([2, 1]);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 120 }, (_, index) => index);

  it('counts pages, with one page for no items', () => {
    expect(pageCount(120, 50)).toBe(3);
    expect(pageCount(100, 50)).toBe(2);
    expect(pageCount(0, 50)).toBe(1);
  });

  it('returns the items of a page', () => {
    expect(pageOf(items, 1, 50)).toHaveLength(50);
    expect(pageOf(items, 2, 50)[0]).toBe(50);
    expect(pageOf(items, 3, 50)).toEqual(items.slice(100));
  });

  it('returns the last page for a page past the end', () => {
    expect(pageOf(items, 9, 50)).toEqual(items.slice(100));
  });
});
