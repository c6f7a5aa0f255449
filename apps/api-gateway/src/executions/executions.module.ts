import { Module } from '@nestjs/common';

import { ExecutionControlController } from './execution-control.controller';
import { ExecutionControlService } from './execution-control.service';
import { ExecutionsController } from './executions.controller';
import { ExecutionsService } from './executions.service';

@Module({
  controllers: [ExecutionsController, ExecutionControlController],
  providers: [ExecutionsService, ExecutionControlService],
})
export class ExecutionsModule {}
