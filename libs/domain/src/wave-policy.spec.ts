import { FailurePolicy, WaveStatus } from './statuses';
import { DEFAULT_WAVE_POLICY, judgeWave, releasesDependents } from './wave-policy';

const servers = (launched: number, failed: number) => [
  ...Array.from({ length: launched }, (_, index) => ({ sourceServerId: `s-ok-${index}`, launched: true })),
  ...Array.from({ length: failed }, (_, index) => ({ sourceServerId: `s-bad-${index}`, launched: false })),
];

describe('judgeWave', () => {
  it('passes a wave whose servers all launched', () => {
    expect(judgeWave(servers(3, 0), DEFAULT_WAVE_POLICY).status).toBe(WaveStatus.Succeeded);
  });

  it('fails a wave with a failed critical server', () => {
    const outcome = judgeWave(servers(9, 1), { ...DEFAULT_WAVE_POLICY, minSuccessPercent: 50 });

    expect(outcome.status).toBe(WaveStatus.Failed);
    expect(outcome.criticalFailed).toEqual(['s-bad-0']);
    expect(outcome.reason).toContain('critical');
  });

  it('fails an optional failure below the default share', () => {
    const outcome = judgeWave(servers(9, 1), { ...DEFAULT_WAVE_POLICY, optionalServerIds: ['s-bad-0'] });

    expect(outcome.status).toBe(WaveStatus.Failed);
    expect(outcome.reason).toContain('90% launched, below the minimum of 100%');
  });

  it('passes as partial when optional failures stay within the minimum share', () => {
    const outcome = judgeWave(servers(9, 1), {
      ...DEFAULT_WAVE_POLICY,
      minSuccessPercent: 90,
      optionalServerIds: ['s-bad-0'],
    });

    expect(outcome.status).toBe(WaveStatus.Partial);
    expect(outcome.launched).toBe(9);
    expect(outcome.failed).toBe(1);
  });

  it('fails below the minimum share even with optional servers only', () => {
    const outcome = judgeWave(servers(1, 3), {
      ...DEFAULT_WAVE_POLICY,
      minSuccessPercent: 50,
      optionalServerIds: ['s-bad-0', 's-bad-1', 's-bad-2'],
    });

    expect(outcome.status).toBe(WaveStatus.Failed);
    expect(outcome.criticalFailed).toEqual([]);
  });
});

describe('releasesDependents', () => {
  it('releases after success, partial success and an operator skip', () => {
    expect(releasesDependents(WaveStatus.Succeeded, FailurePolicy.Halt)).toBe(true);
    expect(releasesDependents(WaveStatus.Partial, FailurePolicy.Halt)).toBe(true);
    expect(releasesDependents(WaveStatus.Skipped, FailurePolicy.Halt)).toBe(true);
  });

  it('releases after a failure only under continue', () => {
    expect(releasesDependents(WaveStatus.Failed, FailurePolicy.Continue)).toBe(true);
    expect(releasesDependents(WaveStatus.Failed, FailurePolicy.Halt)).toBe(false);
    expect(releasesDependents(WaveStatus.Cancelled, FailurePolicy.Continue)).toBe(false);
  });
});
