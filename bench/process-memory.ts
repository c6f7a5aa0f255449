import { readFileSync } from 'node:fs';

/**
 * Peak resident set size of a running process in MiB, from `VmHWM` in /proc/PID/status (Linux
 * only). The kernel keeps this high-water mark for the whole life of the process, so one read
 * before the process stops covers every moment of the run.
 */
export function peakResidentMebibytes(pid: number): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    // The process has exited, or this is not Linux.
    return null;
  }
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);

  return match ? Number(match[1]) / 1024 : null;
}
