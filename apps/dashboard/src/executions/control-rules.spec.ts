import { Role } from '@drs/domain';

import { availableControls, roleToControl } from './control-rules';
import { fixtureServer, fixtureView, fixtureWave } from './view-fixtures';

describe('availableControls', () => {
  it('offers pause and cancel while running', () => {
    const controls = availableControls(fixtureView('RUNNING', [fixtureWave('db', 'RUNNING', [])]));

    expect(controls.pause).toBe(true);
    expect(controls.resume).toBe(false);
    expect(controls.cancel).toBe(true);
    expect(controls.cleanup).toBe(false);
  });

  it('offers resume but not pause while paused', () => {
    const controls = availableControls(fixtureView('PAUSED', []));

    expect(controls.pause).toBe(false);
    expect(controls.resume).toBe(true);
    expect(controls.cancel).toBe(true);
  });

  it('lists failed servers and skippable waves of a halted run', () => {
    const view = fixtureView('HALTED', [
      fixtureWave('db', 'FAILED', [fixtureServer('s-a', 'FAILED'), fixtureServer('s-b', 'LAUNCHED')]),
      fixtureWave('app', 'PENDING', [fixtureServer('s-c', 'PENDING')]),
      fixtureWave('web', 'SUCCEEDED', [fixtureServer('s-d', 'LAUNCHED')]),
    ]);
    const controls = availableControls(view);

    expect(controls.retryServerIds).toEqual(['s-a']);
    expect(controls.skippableWaves).toEqual(['db', 'app']);
    expect(controls.pause).toBe(false);
    expect(controls.cancel).toBe(true);
  });

  it('lists failed waves before pending ones', () => {
    const view = fixtureView('HALTED', [
      fixtureWave('web', 'PENDING', [], { position: 2 }),
      fixtureWave('app', 'PENDING', [], { position: 1 }),
      fixtureWave('db', 'FAILED', [], { position: 0 }),
      fixtureWave('mon', 'FAILED', [], { position: 3 }),
    ]);

    expect(availableControls(view).skippableWaves).toEqual(['db', 'mon', 'app', 'web']);
  });

  it('offers no retry or skip before the run starts', () => {
    const view = fixtureView('PENDING', [fixtureWave('db', 'PENDING', [fixtureServer('s-a', 'FAILED')])]);
    const controls = availableControls(view);

    expect(controls.retryServerIds).toEqual([]);
    expect(controls.skippableWaves).toEqual([]);
    expect(controls.cancel).toBe(true);
  });

  it('offers only cleanup for an ended drill', () => {
    const view = fixtureView('SUCCEEDED', [fixtureWave('db', 'FAILED', [fixtureServer('s-a', 'FAILED')])]);
    const controls = availableControls(view);

    expect(controls).toEqual({
      pause: false,
      resume: false,
      cancel: false,
      retryServerIds: [],
      skippableWaves: [],
      cleanup: true,
    });
  });

  it('offers cleanup again after it failed', () => {
    expect(availableControls(fixtureView('CANCELLED', [], { cleanupStatus: 'FAILED' })).cleanup).toBe(true);
  });

  it('hides cleanup once requested or done', () => {
    for (const cleanupStatus of ['REQUESTED', 'IN_PROGRESS', 'COMPLETED']) {
      expect(availableControls(fixtureView('SUCCEEDED', [], { cleanupStatus })).cleanup).toBe(false);
    }
  });

  it('hides cleanup for a recovery', () => {
    expect(availableControls(fixtureView('SUCCEEDED', [], { mode: 'RECOVERY' })).cleanup).toBe(false);
  });

  it('hides cleanup while the drill runs', () => {
    expect(availableControls(fixtureView('RUNNING', [])).cleanup).toBe(false);
  });
});

describe('roleToControl', () => {
  it('needs operator for a drill', () => {
    expect(roleToControl('DRILL')).toBe(Role.Operator);
  });

  it('needs recovery-admin for a recovery', () => {
    expect(roleToControl('RECOVERY')).toBe(Role.RecoveryAdmin);
  });
});
