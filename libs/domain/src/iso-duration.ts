const DURATION =
  /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * Converts an ISO 8601 duration as DRS writes it (`PT0.5S`, `PT12M30S`, `P256D`) into seconds.
 * Returns null for anything else, including year and month designators, whose length in
 * seconds is not fixed.
 */
export function isoDurationToSeconds(value: string | undefined | null): number | null {
  if (!value) {
    return null;
  }
  const match = DURATION.exec(value);
  if (!match || value === 'P' || value.endsWith('T')) {
    return null;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));

  return days * 86_400 + hours * 3_600 + minutes * 60 + seconds;
}
