import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';

import { AppConfig, ConfigError, loadConfig, nestLogLevels, redisConnectionOptions } from '@drs/config';

import { StatusSocketAdapter } from './status-socket.adapter';
import { StatusModule } from './status.module';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Status');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    logger.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(2);
  }

  try {
    const app = await NestFactory.create(StatusModule.forRoot(config), {
      logger: nestLogLevels(config.logLevel),
    });
    app.enableShutdownHooks();
    app.useWebSocketAdapter(new StatusSocketAdapter(app, config.corsOrigins));
    app.connectMicroservice<MicroserviceOptions>({
      transport: Transport.REDIS,
      options: { ...redisConnectionOptions(config.redisUrl), retryAttempts: 1_000, retryDelay: 1_000 },
    });
    await app.startAllMicroservices();
    await app.listen(config.statusPort, config.statusHost);
    logger.log(`status service listening on ${await app.getUrl()} (socket.io)`);
  } catch (error) {
    logger.error(`status service failed to start: ${(error as Error).message}`, (error as Error).stack);
    process.exit(1);
  }
}

void bootstrap();
