import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { AuditRecorder } from './audit-recorder';
import { AuditTargetInterceptor } from './audit-target.interceptor';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditRecorder, AuditService, { provide: APP_INTERCEPTOR, useClass: AuditTargetInterceptor }],
  exports: [AuditRecorder],
})
export class AuditModule {}
