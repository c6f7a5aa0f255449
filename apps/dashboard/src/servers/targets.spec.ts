import { inTarget, listTargets, targetKey, targetLabel } from './targets';

describe('targets', () => {
  it('builds a key and a label', () => {
    const target = { accountId: '123456789012', region: 'us-east-1' };
    expect(targetKey(target)).toBe('123456789012/us-east-1');
    expect(targetLabel(target)).toBe('123456789012 / us-east-1');
  });

  it('lists distinct targets by account and Region', () => {
    const targets = listTargets([
      { accountId: '222222222222', region: 'us-east-1' },
      { accountId: '111111111111', region: 'us-west-2' },
      { accountId: '111111111111', region: 'eu-west-1' },
      { accountId: '222222222222', region: 'us-east-1' },
    ]);
    expect(targets.map(targetKey)).toEqual([
      '111111111111/eu-west-1',
      '111111111111/us-west-2',
      '222222222222/us-east-1',
    ]);
  });

  it('tells whether an item is in a target', () => {
    const item = { accountId: '111111111111', region: 'eu-west-1' };
    expect(inTarget(item, '111111111111/eu-west-1')).toBe(true);
    expect(inTarget(item, '111111111111/us-west-2')).toBe(false);
  });
});
