import { Module } from '@nestjs/common';

import { InventoryModule } from '../inventory/inventory.module';
import { ProtectionGroupsController } from './protection-groups.controller';
import { ProtectionGroupsService } from './protection-groups.service';

@Module({
  imports: [InventoryModule],
  controllers: [ProtectionGroupsController],
  providers: [ProtectionGroupsService],
})
export class ProtectionGroupsModule {}
