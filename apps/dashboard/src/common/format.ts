/** Formats a time in the reader's locale, or returns a dash when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) {
    return '-';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** Formats a duration in seconds as "1 h 02 min", "4 min 05 s" or "12 s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) {
    return '-';
  }
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) {
    return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  }
  if (minutes > 0) {
    return `${minutes} min ${String(rest).padStart(2, '0')} s`;
  }
  return `${rest} s`;
}

/** Seconds between two times, or null while the second is unknown. */
export function secondsBetween(
  start: string | null | undefined,
  end: string | null | undefined,
): number | null {
  if (!start || !end) {
    return null;
  }
  return (Date.parse(end) - Date.parse(start)) / 1000;
}
