import { Module } from '@nestjs/common';

import { AuditRecorder } from './audit-recorder';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditRecorder, AuditService],
  exports: [AuditRecorder],
})
export class AuditModule {}
