/**
 * The emulator's source of "now", in epoch milliseconds. All job and instance state is computed
 * from this value on each request, so a manual clock moves the whole emulator without timers.
 */
export interface Clock {
  nowMs(): number;
}

/**
 * Wall-clock time. Timestamps stay comparable with the caller's own clock; the time scale
 * shortens durations instead (see `scaledDurationMs`).
 */
export class SystemClock implements Clock {
  nowMs(): number {
    return Date.now();
  }
}

/** Default start of a manual clock. It is fixed, so test output is reproducible. */
export const DEFAULT_MANUAL_CLOCK_START = Date.parse('2026-12-01T00:00:00.000Z');

/** A clock that moves only when advanced explicitly, for tests and for `--clock manual`. */
export class ManualClock implements Clock {
  private currentMs: number;

  constructor(startMs: number = DEFAULT_MANUAL_CLOCK_START) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  advanceSeconds(seconds: number): number {
    return this.advanceMs(seconds * 1000);
  }

  /** Moves the clock forward and returns the new time; moving backwards would reorder job history. */
  advanceMs(milliseconds: number): number {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError(`a manual clock only moves forward by a finite amount, not ${milliseconds} ms`);
    }
    this.currentMs += milliseconds;

    return this.currentMs;
  }
}

/**
 * Converts a duration of the emulated service into real milliseconds. With a time scale of 0.01,
 * a 300-second launch lasts 3 seconds.
 */
export function scaledDurationMs(emulatedSeconds: number, timeScale: number): number {
  return emulatedSeconds * 1000 * timeScale;
}

export function toIsoString(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
