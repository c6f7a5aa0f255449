import { withReason } from './control-reason';

describe('withReason', () => {
  it('adds a typed reason, trimmed', () => {
    expect(withReason({ wave: 'db' }, '  window closed ')).toEqual({ wave: 'db', reason: 'window closed' });
  });

  it('leaves out a blank reason', () => {
    expect(withReason({ wave: 'db' }, '   ')).toEqual({ wave: 'db' });
  });
});
