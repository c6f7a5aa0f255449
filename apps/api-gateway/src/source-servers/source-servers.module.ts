import { Module } from '@nestjs/common';

import { InventoryModule } from '../inventory/inventory.module';
import { SourceServersController } from './source-servers.controller';
import { SourceServersService } from './source-servers.service';

@Module({
  imports: [InventoryModule],
  controllers: [SourceServersController],
  providers: [SourceServersService],
})
export class SourceServersModule {}
