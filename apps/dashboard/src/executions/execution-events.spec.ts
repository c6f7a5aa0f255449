import { describeEvent, waitingReasonsByWave } from './execution-events';
import { fixtureEvent } from './view-fixtures';

function retryScheduled(seq: number, wave: string, message: string) {
  return fixtureEvent(seq, 'batch.retry-scheduled', {
    wave,
    batchId: `b-${seq}`,
    reason: 'CONFLICT',
    message,
    blockingResourceId: 's-blocker',
    retryInMs: 4000,
    conflictCount: 1,
  });
}

function submitted(seq: number, wave: string, sourceServerIds: string[]) {
  return fixtureEvent(seq, 'batch.submitted', {
    wave,
    batchId: `b-${seq}`,
    drsJobId: `drsjob-${seq}`,
    attempt: 1,
    accountId: '123456789012',
    region: 'us-east-1',
    sourceServerIds,
    recovered: false,
  });
}

describe('describeEvent', () => {
  it('names the server, status and instance', () => {
    const event = fixtureEvent(3, 'server.status', {
      sourceServerId: 's-a',
      hostname: 'db-1',
      wave: 'db',
      status: 'LAUNCHED',
      drsJobId: 'drsjob-1',
      recoveryInstanceId: 'i-1',
      failureReason: null,
    });

    expect(describeEvent(event)).toBe('db-1 (s-a) LAUNCHED, instance i-1');
  });

  it('uses the plural of batch', () => {
    const event = fixtureEvent(2, 'wave.started', { wave: 'web', serverCount: 150, batchCount: 2 });

    expect(describeEvent(event)).toBe('Wave web started: 150 servers in 2 batches');
  });

  it('names the actor and reason of a pause', () => {
    const event = fixtureEvent(4, 'execution.status-changed', {
      status: 'PAUSED',
      reason: 'change window',
      actor: 'operator',
    });

    expect(describeEvent(event)).toBe('Status PAUSED by operator: change window');
  });

  it('describes a job submission', () => {
    expect(describeEvent(submitted(5, 'db', ['s-a']))).toBe(
      'Wave db: DRS job drsjob-5 started for 1 server, StartRecovery attempt 1',
    );
  });

  it('describes a scheduled retry', () => {
    expect(describeEvent(retryScheduled(6, 'db', 's-a is in job drsjob-9'))).toBe(
      'Wave db: batch waits (CONFLICT), next try in 4 s: s-a is in job drsjob-9',
    );
  });

  it('describes the cleanup result', () => {
    const event = fixtureEvent(9, 'cleanup.completed', { status: 'COMPLETED', terminated: 4, failed: 0 });

    expect(describeEvent(event)).toBe('Cleanup COMPLETED: 4 terminated, 0 failed');
  });
});

describe('waitingReasonsByWave', () => {
  it('keeps the latest retry message per wave', () => {
    const reasons = waitingReasonsByWave([
      retryScheduled(1, 'db', 'first'),
      retryScheduled(2, 'db', 'second'),
    ]);

    expect(reasons.get('db')).toBe('CONFLICT: second');
  });

  it('drops the reason once a job was submitted', () => {
    const reasons = waitingReasonsByWave([retryScheduled(1, 'db', 'conflict'), submitted(2, 'db', ['s-a'])]);

    expect(reasons.has('db')).toBe(false);
  });

  it('reads events in sequence order', () => {
    const reasons = waitingReasonsByWave([
      submitted(2, 'db', ['s-a']),
      retryScheduled(3, 'db', 'later'),
      retryScheduled(1, 'web', 'web waits'),
    ]);

    expect(reasons.get('db')).toBe('CONFLICT: later');
    expect(reasons.get('web')).toBe('CONFLICT: web waits');
  });
});
