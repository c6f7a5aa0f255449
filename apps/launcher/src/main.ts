import 'reflect-metadata';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { AppConfig, ConfigError, loadConfig, nestLogLevels } from '@drs/config';

import { LauncherModule } from './launcher.module';
import { LauncherWorker } from './launcher-worker.service';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Launcher');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    logger.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(2);
  }

  try {
    const app = await NestFactory.createApplicationContext(LauncherModule.forRoot(config), {
      logger: nestLogLevels(config.logLevel),
    });
    app.enableShutdownHooks();
    await app.get(LauncherWorker).start();
  } catch (error) {
    logger.error(`launcher failed to start: ${(error as Error).message}`, (error as Error).stack);
    process.exit(1);
  }
}

void bootstrap();
