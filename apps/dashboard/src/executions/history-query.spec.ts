import { executionListPath, offsetOfPage, pageCount, pageOfOffset } from './history-query';

describe('executionListPath', () => {
  it('sends only the filters that are set', () => {
    expect(executionListPath({ planId: null, status: null, limit: 25, offset: 0 })).toBe(
      '/executions?limit=25&offset=0',
    );
  });

  it('sends plan, status and page', () => {
    const path = executionListPath({ planId: 'p-1', status: 'FAILED', limit: 25, offset: 50 });

    expect(path).toBe('/executions?planId=p-1&status=FAILED&limit=25&offset=50');
  });
});

describe('paging', () => {
  it('counts pages, at least one', () => {
    expect(pageCount(0, 25)).toBe(1);
    expect(pageCount(25, 25)).toBe(1);
    expect(pageCount(26, 25)).toBe(2);
  });

  it('maps offsets and pages both ways', () => {
    expect(pageOfOffset(0, 25)).toBe(1);
    expect(pageOfOffset(50, 25)).toBe(3);
    expect(offsetOfPage(3, 25)).toBe(50);
    expect(offsetOfPage(0, 25)).toBe(0);
  });
});
