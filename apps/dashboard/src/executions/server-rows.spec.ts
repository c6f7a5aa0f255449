import { serverReason, serverRows } from './server-rows';
import { fixtureServer, fixtureView, fixtureWave } from './view-fixtures';

describe('serverRows', () => {
  const view = fixtureView('RUNNING', [
    fixtureWave('app', 'PENDING', [fixtureServer('s-c', 'QUEUED')], { position: 1 }),
    fixtureWave('db', 'RUNNING', [fixtureServer('s-a', 'QUEUED'), fixtureServer('s-b', 'LAUNCHING')], {
      position: 0,
    }),
  ]);
  const rows = serverRows(view, new Map([['db', 'CONFLICT: s-a is in job drsjob-9']]));

  it('lists every server in wave position order', () => {
    expect(rows.map((row) => row.sourceServerId)).toEqual(['s-a', 's-b', 's-c']);
    expect(rows.map((row) => row.wave)).toEqual(['db', 'db', 'app']);
  });

  it('gives the waiting reason to queued servers only', () => {
    expect(rows[0].waitingReason).toBe('CONFLICT: s-a is in job drsjob-9');
    expect(rows[1].waitingReason).toBeNull();
    expect(rows[2].waitingReason).toBeNull();
  });
});

describe('serverReason', () => {
  const [row] = serverRows(
    fixtureView('RUNNING', [fixtureWave('db', 'RUNNING', [fixtureServer('s-a', 'QUEUED')])]),
    new Map(),
  );

  it('prefers the failure reason', () => {
    expect(serverReason({ ...row, failureReason: 'launch failed', waitingReason: 'CONFLICT: x' })).toBe(
      'launch failed',
    );
  });

  it('shows why a server waits', () => {
    expect(serverReason({ ...row, waitingReason: 'THROTTLED: slow down' })).toBe(
      'Waiting: THROTTLED: slow down',
    );
  });

  it('shows a dash otherwise', () => {
    expect(serverReason(row)).toBe('-');
  });
});
