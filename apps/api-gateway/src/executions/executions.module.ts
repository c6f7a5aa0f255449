import { Module } from '@nestjs/common';

import { ExecutionControlController } from './execution-control.controller';
import { ExecutionControlService } from './execution-control.service';
import { ExecutionViewCache } from './execution-view-cache';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';

@Module({
  controllers: [ExecutionsController, ExecutionControlController],
  providers: [ExecutionsService, ExecutionControlService, ExecutionViewCache],
})
export class ExecutionsModule {}
