import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AppConfig, ConfigModule } from '@drs/config';
import { DrsAdapterModule } from '@drs/drs-adapter';
import { MessagingModule } from '@drs/messaging';
import { dataSourceOptions } from '@drs/persistence';

import { ExecutionAdvancer } from './execution-advancer.service';
import { ExecutionStarter } from './execution-starter.service';
import { PlannerWorker } from './planner-worker.service';
import { Reconciler } from './reconciler.service';
import { WaveScheduler } from './wave-scheduler.service';

@Module({})
export class PlannerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: PlannerModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(
          dataSourceOptions({ databaseUrl: config.databaseUrl, applicationName: 'planner' }),
        ),
        MessagingModule.forRoot(config, 'planner'),
        DrsAdapterModule,
      ],
      providers: [WaveScheduler, ExecutionStarter, ExecutionAdvancer, Reconciler, PlannerWorker],
    };
  }
}
