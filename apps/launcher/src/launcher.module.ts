import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig, ConfigModule } from '@drs/config';
import { DrsAdapterModule } from '@drs/drs-adapter';
import { MessagingModule } from '@drs/messaging';
import { dataSourceOptions } from '@drs/persistence';

import { BatchLauncher } from './batch-launcher.service';
import { DrillCleaner } from './drill-cleaner.service';
import { JobTracker } from './job-tracker.service';
import { LauncherWorker } from './launcher-worker.service';
import { ThrottleGate } from './throttle-gate.service';

@Module({})
export class LauncherModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LauncherModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(
          dataSourceOptions({ databaseUrl: config.databaseUrl, applicationName: 'launcher' }),
        ),
        MessagingModule.forRoot(config, 'launcher'),
        DrsAdapterModule,
      ],
      providers: [ThrottleGate, BatchLauncher, DrillCleaner, JobTracker, LauncherWorker],
    };
  }
}
