import { DrsApiError } from './errors';
import { paginate } from './pagination';

const items = Array.from({ length: 7 }, (_, index) => ({ id: index }));
const cursor = (item: { id: number }) => item.id;

describe(paginate.name, () => {
  it('pages through every item once and omits the token on the last page', () => {
    const first = paginate('DescribeJobs', items, cursor, { maxResults: 3 });
    const second = paginate('DescribeJobs', items, cursor, { maxResults: 3, nextToken: first.nextToken });
    const third = paginate('DescribeJobs', items, cursor, { maxResults: 3, nextToken: second.nextToken });

    expect(first.items.map(cursor)).toEqual([0, 1, 2]);
    expect(second.items.map(cursor)).toEqual([3, 4, 5]);
    expect(third.items.map(cursor)).toEqual([6]);
    expect(third.nextToken).toBeUndefined();
  });

  it('uses a page size of 100 by default', () => {
    const many = Array.from({ length: 102 }, (_, index) => ({ id: index }));
    const first = paginate('DescribeSourceServers', many, cursor, {});

    expect(first.items).toHaveLength(100);
    expect(
      paginate('DescribeSourceServers', many, cursor, { nextToken: first.nextToken }).items,
    ).toHaveLength(2);
  });

  it('omits the token when the last page is exactly full', () => {
    expect(paginate('DescribeJobs', items, cursor, { maxResults: 7 }).nextToken).toBeUndefined();
  });

  it('neither repeats nor skips items when earlier items disappear', () => {
    const first = paginate('DescribeRecoveryInstances', items, cursor, { maxResults: 3 });
    const fewer = items.filter((item) => item.id !== 1);
    const second = paginate('DescribeRecoveryInstances', fewer, cursor, {
      maxResults: 3,
      nextToken: first.nextToken,
    });

    expect(second.items.map(cursor)).toEqual([3, 4, 5]);
  });

  it('treats an empty token as the first page', () => {
    expect(
      paginate('DescribeJobs', items, cursor, { maxResults: 2, nextToken: '' }).items.map(cursor),
    ).toEqual([0, 1]);
  });

  it('rejects a token that is not its own', () => {
    const foreign = paginate('DescribeJobs', items, cursor, { maxResults: 2 }).nextToken;

    for (const nextToken of ['garbage', foreign]) {
      let thrown: unknown;
      try {
        paginate('DescribeSourceServers', items, cursor, { nextToken });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DrsApiError);
      expect((thrown as DrsApiError).members.fieldList).toEqual([
        expect.objectContaining({ name: 'nextToken' }),
      ]);
    }
  });
});
