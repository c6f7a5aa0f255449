import type { SourceServer } from '@aws-sdk/client-drs';

export type OsFamily = 'WINDOWS' | 'LINUX';

/** DRS reports the operating system only as free text; "Windows" in it means the Windows family. */
export function osFamilyOf(server: SourceServer): OsFamily {
  return /windows/i.test(server.sourceProperties?.os?.fullString ?? '') ? 'WINDOWS' : 'LINUX';
}

export function hostnameOf(server: SourceServer): string | undefined {
  return server.sourceProperties?.identificationHints?.hostname;
}
