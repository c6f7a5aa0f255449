import { buildExecutionReport, reportDocument, reportFileName } from './execution-report';
import { fixtureEvent, fixtureServer, fixtureView, fixtureWave } from './view-fixtures';

describe('buildExecutionReport', () => {
  const view = fixtureView(
    'PARTIAL',
    [
      fixtureWave('db', 'SUCCEEDED', [fixtureServer('s-a', 'LAUNCHED'), fixtureServer('s-b', 'LAUNCHED')], {
        startedAt: '2026-12-04T10:00:05.000Z',
        endedAt: '2026-12-04T10:02:05.000Z',
      }),
      fixtureWave('web', 'SKIPPED', [fixtureServer('s-c', 'SKIPPED')], {
        statusReason: 'skipped by operator',
      }),
    ],
    { endedAt: '2026-12-04T10:05:05.000Z', cleanupStatus: 'COMPLETED' },
  );
  const events = [
    fixtureEvent(4, 'batch.submitted', {
      wave: 'db',
      batchId: 'b1',
      drsJobId: 'drsjob-1',
      attempt: 2,
      accountId: '123456789012',
      region: 'us-east-1',
      sourceServerIds: ['s-a', 's-b'],
      recovered: true,
    }),
    fixtureEvent(3, 'batch.retry-scheduled', {
      wave: 'db',
      batchId: 'b1',
      reason: 'THROTTLED',
      message: 'rate exceeded',
      blockingResourceId: null,
      retryInMs: 1000,
      conflictCount: 0,
    }),
    fixtureEvent(5, 'server.retry-requested', {
      wave: 'db',
      sourceServerIds: ['s-a', 's-b'],
      batchId: 'b2',
      actor: 'ops',
    }),
    fixtureEvent(8, 'cleanup.job-submitted', {
      drsJobId: 'drsjob-9',
      accountId: '123456789012',
      region: 'us-east-1',
      recoveryInstanceIds: ['i-1', 'i-2'],
    }),
    fixtureEvent(9, 'cleanup.completed', { status: 'COMPLETED', terminated: 2, failed: 0 }),
  ];
  const report = buildExecutionReport(view, events);

  it('measures the run and each wave', () => {
    expect(report.durationSeconds).toBe(300);
    expect(report.waves[0].durationSeconds).toBe(120);
    expect(report.waves[1].durationSeconds).toBeNull();
    expect(report.waves[1].statusReason).toBe('skipped by operator');
  });

  it('counts servers', () => {
    expect(report.counts).toEqual({ total: 3, final: 3, launched: 2, failed: 0, skipped: 1 });
  });

  it('lists the DRS jobs from submissions', () => {
    expect(report.drsJobs).toEqual([
      {
        drsJobId: 'drsjob-1',
        wave: 'db',
        attempt: 2,
        serverCount: 2,
        accountId: '123456789012',
        region: 'us-east-1',
        recovered: true,
      },
    ]);
  });

  it('counts batch and server retries', () => {
    expect(report.batchRetries).toBe(1);
    expect(report.serverRetries).toBe(2);
  });

  it('reports the cleanup outcome', () => {
    expect(report.cleanup).toEqual({
      status: 'COMPLETED',
      terminated: 2,
      failed: 0,
      drsJobIds: ['drsjob-9'],
    });
  });

  it('leaves the cleanup counts open until it completes', () => {
    const open = buildExecutionReport(view, []);

    expect(open.cleanup.terminated).toBeNull();
    expect(open.cleanup.failed).toBeNull();
  });

  it('has no duration while the run goes on', () => {
    expect(buildExecutionReport({ ...view, endedAt: null }, []).durationSeconds).toBeNull();
  });
});

describe('report file', () => {
  it('names the plan, mode, day and run', () => {
    expect(reportFileName(fixtureView('SUCCEEDED', [], { planName: 'orders / east' }))).toBe(
      'orders-east-drill-2026-12-04-1a2b3c4d.json',
    );
  });

  it('falls back to a neutral name', () => {
    expect(reportFileName(fixtureView('SUCCEEDED', [], { planName: '***', startedAt: null }))).toBe(
      'execution-drill-2026-12-04-1a2b3c4d.json',
    );
  });

  it('holds the view, the events and the summary', () => {
    const view = fixtureView('SUCCEEDED', [
      fixtureWave('db', 'SUCCEEDED', [fixtureServer('s-a', 'LAUNCHED')]),
    ]);
    const event = fixtureEvent(1, 'execution.created', {
      planId: 'p1',
      planName: 'orders',
      planVersion: 3,
      mode: 'DRILL',
    });
    const parsed = JSON.parse(reportDocument(view, [event]));

    expect(parsed.executionId).toBe(view.id);
    expect(parsed.view).toEqual(view);
    expect(parsed.events).toEqual([event]);
    expect(parsed.summary.counts.launched).toBe(1);
  });
});
