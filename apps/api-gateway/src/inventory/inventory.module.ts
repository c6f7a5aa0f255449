import { Module } from '@nestjs/common';

import { GroupMembershipRepository } from './group-membership.repository';
import { SourceServerInventory } from './source-server-inventory.service';

/** The servers DRS replicates and the protection group of each, for groups and the server listing. */
@Module({
  providers: [SourceServerInventory, GroupMembershipRepository],
  exports: [SourceServerInventory, GroupMembershipRepository],
})
export class InventoryModule {}
