import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { AuthCoreModule } from '@drs/auth';
import { AppConfig, ConfigModule } from '@drs/config';
import { dataSourceOptions } from '@drs/persistence';

import { ExecutionEventsController } from './execution-events.controller';
import { ExecutionStream } from './execution-stream.service';
import { ExecutionGateway } from './execution.gateway';
import { SocketAuthenticator } from './socket-authenticator';

@Module({})
export class StatusModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: StatusModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot(
          dataSourceOptions({ databaseUrl: config.databaseUrl, applicationName: 'status' }),
        ),
        AuthCoreModule.forRoot(config),
      ],
      controllers: [ExecutionEventsController],
      providers: [ExecutionStream, ExecutionGateway, SocketAuthenticator],
    };
  }
}
