import { DomainError, ErrorCode } from './errors';
import { FailurePolicy, WaveStatus } from './statuses';
import { findCycle, validateWaveGraph, wavesReadyToStart, WaveNode } from './wave-graph';

const threeTier: WaveNode[] = [
  { name: 'database', dependsOn: [] },
  { name: 'app', dependsOn: ['database'] },
  { name: 'web', dependsOn: ['app'] },
];

function statusesOf(entries: Array<[string, WaveStatus]>): Map<string, WaveStatus> {
  return new Map(entries);
}

describe('validateWaveGraph', () => {
  it('accepts a chain of waves', () => {
    expect(() => validateWaveGraph(threeTier)).not.toThrow();
  });

  it('rejects a cycle and names its waves', () => {
    const waves: WaveNode[] = [
      { name: 'database', dependsOn: ['web'] },
      { name: 'app', dependsOn: ['database'] },
      { name: 'web', dependsOn: ['app'] },
      { name: 'monitoring', dependsOn: [] },
    ];

    let caught: unknown;
    try {
      validateWaveGraph(waves);
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(ErrorCode.PlanHasCycle);
    const cycle = (caught as DomainError).details.cycle as string[];
    expect(new Set(cycle)).toEqual(new Set(['database', 'app', 'web']));
    expect(cycle[0]).toBe(cycle[cycle.length - 1]);
    expect((caught as DomainError).message).toContain('database');
  });

  it('rejects a wave that depends on itself', () => {
    expect(findCycle([{ name: 'solo', dependsOn: ['solo'] }])).toEqual(['solo', 'solo']);
  });

  it('rejects a dependency on an unknown wave', () => {
    expect(() => validateWaveGraph([{ name: 'app', dependsOn: ['db'] }])).toThrow(
      /"db", which is not a wave/,
    );
  });

  it('rejects duplicate wave names', () => {
    expect(() =>
      validateWaveGraph([
        { name: 'app', dependsOn: [] },
        { name: 'app', dependsOn: [] },
      ]),
    ).toThrow(/used more than once/);
  });
});

describe('wavesReadyToStart', () => {
  it('starts only the waves whose dependencies succeeded', () => {
    const statuses = statusesOf([
      ['database', WaveStatus.Running],
      ['app', WaveStatus.Pending],
      ['web', WaveStatus.Pending],
    ]);

    expect(wavesReadyToStart(threeTier, statuses)).toEqual([]);

    statuses.set('database', WaveStatus.Succeeded);
    expect(wavesReadyToStart(threeTier, statuses)).toEqual(['app']);
  });

  it('starts independent waves together', () => {
    const waves: WaveNode[] = [
      { name: 'database', dependsOn: [] },
      { name: 'cache', dependsOn: [] },
      { name: 'app', dependsOn: ['database', 'cache'] },
      { name: 'reporting', dependsOn: ['database'] },
    ];
    const statuses = statusesOf(waves.map((wave) => [wave.name, WaveStatus.Pending]));

    expect(wavesReadyToStart(waves, statuses)).toEqual(['database', 'cache']);

    statuses.set('database', WaveStatus.Succeeded);
    statuses.set('cache', WaveStatus.Running);
    expect(wavesReadyToStart(waves, statuses)).toEqual(['reporting']);
  });

  it('starts dependents of a failed wave only under continue', () => {
    const statuses = statusesOf([
      ['database', WaveStatus.Failed],
      ['app', WaveStatus.Pending],
      ['web', WaveStatus.Pending],
    ]);

    expect(wavesReadyToStart(threeTier, statuses)).toEqual([]);

    const continuing = threeTier.map((wave) =>
      wave.name === 'database' ? { ...wave, failurePolicy: FailurePolicy.Continue } : wave,
    );
    expect(wavesReadyToStart(continuing, statuses)).toEqual(['app']);
  });
});
