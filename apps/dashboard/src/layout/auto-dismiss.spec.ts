import { AUTO_DISMISS_MS, autoDismissDelay } from './auto-dismiss';

describe('autoDismissDelay', () => {
  it('dismisses success after ten seconds', () => {
    expect(autoDismissDelay('success')).toBe(10_000);
  });

  it('dismisses info after the same delay', () => {
    expect(autoDismissDelay('info')).toBe(AUTO_DISMISS_MS);
  });

  it('keeps errors and warnings', () => {
    expect(autoDismissDelay('error')).toBeNull();
    expect(autoDismissDelay('warning')).toBeNull();
  });
});
