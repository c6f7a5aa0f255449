import { Injectable, Logger } from '@nestjs/common';

import { DomainError, ErrorCode } from '@drs/domain';
import { DrsAdapter, DrsCallError, SourceServer } from '@drs/drs-adapter';

/** Reads source servers from DRS and turns a failed call into a 503 that names the target. */
@Injectable()
export class SourceServerInventory {
  private readonly logger = new Logger(SourceServerInventory.name);

  constructor(private readonly drs: DrsAdapter) {}

  /** Throws UNKNOWN_DRS_TARGET for an account and Region that DRS_TARGETS does not list. */
  assertKnownTarget(accountId: string, region: string): void {
    if (!this.drs.isKnownTarget(accountId, region)) {
      const known = this.drs.targets.map((target) => `${target.accountId}/${target.region}`).join(', ');
      throw new DomainError(
        ErrorCode.UnknownDrsTarget,
        `Account ${accountId} in ${region} is not a configured DRS target; configured targets: ${known}`,
        { accountId, region },
      );
    }
  }

  async list(accountId: string, region: string): Promise<SourceServer[]> {
    try {
      return await this.drs.listSourceServers(accountId, region);
    } catch (error) {
      if (!(error instanceof DrsCallError)) {
        throw error;
      }
      this.logger.warn(`${accountId}/${region}: cannot list source servers: ${error.message}`);
      throw new DomainError(
        ErrorCode.DrsUnavailable,
        `DRS in account ${accountId}, ${region} did not return its source servers (${error.message}); try again later`,
        { accountId, region, reason: error.message, failureKind: error.kind },
      );
    }
  }
}
