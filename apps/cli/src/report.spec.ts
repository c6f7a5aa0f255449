import type { ExecutionEventMessage, ExecutionView } from '@drs/contracts';

import { buildReport, renderReport } from './report';

const view: ExecutionView = {
  id: 'e1',
  planId: 'p1',
  planName: 'orders',
  planVersion: 2,
  mode: 'DRILL',
  status: 'SUCCEEDED',
  statusReason: null,
  cleanupStatus: 'COMPLETED',
  createdAt: '2026-12-04T10:00:00.000Z',
  startedAt: '2026-12-04T10:00:00.000Z',
  endedAt: '2026-12-04T10:00:30.000Z',
  readinessWarnings: [
    { sourceServerId: 's-1', problem: 'DISCONNECTED' as never, message: 'web-9 is disconnected' },
  ],
  lastEventSeq: 9,
  waves: [
    {
      name: 'database',
      position: 0,
      launchOrder: 'parallel',
      dependsOn: [],
      failurePolicy: 'halt',
      status: 'SUCCEEDED',
      statusReason: null,
      startedAt: '2026-12-04T10:00:00.000Z',
      endedAt: '2026-12-04T10:00:12.500Z',
      servers: [
        {
          sourceServerId: 's-1',
          hostname: 'db-1',
          accountId: '123456789012',
          region: 'us-east-1',
          osFamily: 'LINUX',
          groupName: 'db',
          status: 'LAUNCHED',
          attempt: 1,
          drsJobId: 'drsjob-1',
          recoveryInstanceId: 'i-1234567890abcdef0',
          failureReason: null,
          launchRequestedAt: null,
          launchStartedAt: null,
          launchEndedAt: null,
          instanceTerminatedAt: null,
        },
      ],
    },
  ],
};

function event(seq: number, type: string, payload: object): ExecutionEventMessage {
  return { executionId: 'e1', seq, type: type as never, payload: payload as never, createdAt: '' };
}

describe('buildReport', () => {
  it('counts absorbed retries, started jobs and cleanup', () => {
    const report = buildReport(
      view,
      [
        event(1, 'batch.retry-scheduled', { reason: 'CONFLICT' }),
        event(2, 'batch.retry-scheduled', { reason: 'CONFLICT' }),
        event(3, 'batch.submitted', { recovered: false }),
        event(4, 'batch.submitted', { recovered: true }),
        event(5, 'cleanup.completed', { status: 'COMPLETED', terminated: 1 }),
      ],
      { StartRecovery: 3 },
    );

    expect(report.retriesAbsorbed).toEqual({ CONFLICT: 2 });
    expect(report.startRecoveryJobsStarted).toBe(1);
    expect(report.cleanup).toEqual({ status: 'COMPLETED', terminated: 1 });
    expect(report.waves[0].durationSeconds).toBe(12.5);
    expect(report.servers).toEqual({ total: 1, launched: 1, failed: 0, withRecoveryInstance: 1 });
  });

  it('renders the wave table and the warnings', () => {
    const text = renderReport(buildReport(view, [], { StartRecovery: 1 }));

    expect(text).toContain('database  parallel  SUCCEEDED');
    expect(text).toContain('Readiness warnings: 1 server(s)');
    expect(text).toContain('- web-9 is disconnected');
    expect(text).toContain('StartRecovery calls: 1 for 0 DRS launch job(s)');
  });
});
