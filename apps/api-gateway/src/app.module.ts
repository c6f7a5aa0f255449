import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthCoreModule } from '@drs/auth';
import { AppConfig, ConfigModule } from '@drs/config';
import { DrsAdapterModule } from '@drs/drs-adapter';
import { MessagingModule } from '@drs/messaging';
import { dataSourceOptions } from '@drs/persistence';

import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ExecutionsModule } from './executions/executions.module';
import { HealthModule } from './health/health.module';
import { ProtectionGroupsModule } from './protection-groups/protection-groups.module';
import { RecoveryPlansModule } from './recovery-plans/recovery-plans.module';
import { SourceServersModule } from './source-servers/source-servers.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({ databaseUrl: config.databaseUrl, applicationName: 'api-gateway' }),
          // The gateway turns expected constraint violations into 409s and logs every unexpected
          // error once, with its error id, in the exception filter; TypeORM's log would repeat them.
          logging: false,
          // Fail the start quickly when Postgres is down; main.ts then logs how to start it.
          retryAttempts: 2,
          retryDelay: 1_000,
        }),
        MessagingModule.forRoot(config, 'api-gateway'),
        DrsAdapterModule,
        AuthCoreModule.forRoot(config),
        AuthModule,
        AuditModule,
        HealthModule,
        SourceServersModule,
        ProtectionGroupsModule,
        RecoveryPlansModule,
        ExecutionsModule,
      ],
    };
  }
}
