import { INestApplication, LogLevel, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

import { AppConfig } from '@drs/config';

import { AppModule } from './app.module';
import { AuditRecorder } from './audit/audit-recorder';
import { BEARER_SCHEME } from './auth/roles.decorator';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { findDashboardDir, mountDashboard, mountStatusSocketProxy } from './dashboard/dashboard-hosting';
import { HEALTH_PATHS } from './health/health.controller';
import { addressRateLimit } from './security/address-rate-limit';
import { bodyDepthLimit } from './security/body-depth-limit';
import { RateLimiter } from './security/rate-limiter';

export const API_PREFIX = 'api/v1';
/** Large enough for a plan of 50 waves that each name many groups, or a group of 1,000 servers. */
const MAX_JSON_BODY = '1mb';
const LOG_LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

function logLevelsUpTo(level: AppConfig['logLevel']): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/**
 * Builds the gateway with its prefix, validation, error boundary and OpenAPI document, without
 * listening, so that main.ts listens on it and tests drive it in-process with supertest.
 * Rejects when a dependency such as Postgres cannot be reached.
 */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    // Without this Nest ends the process on a failed start, and the caller cannot say why.
    abortOnError: false,
    logger: logLevelsUpTo(config.logLevel),
  });
  if (config.trustProxyHops > 0) {
    app.set('trust proxy', config.trustProxyHops);
  }
  // The status socket bypasses the audit and rate limits below: the status service checks each socket's token.
  mountStatusSocketProxy(app, config.statusUrl);
  // The audit recorder comes next, so that calls refused by the middlewares below are on record too.
  app.use(app.get(AuditRecorder).middleware());
  app.use(
    helmet({
      // The API is often reached over plain HTTP on a private network; upgrading would break the Swagger UI there.
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
    }),
  );
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      maxAge: 600,
    });
  }
  mountDashboard(app, findDashboardDir());
  app.use(addressRateLimit(app.get(RateLimiter), HEALTH_PATHS));
  app.useBodyParser('json', { limit: MAX_JSON_BODY });
  app.use(bodyDepthLimit());
  app.setGlobalPrefix(API_PREFIX, {
    exclude: HEALTH_PATHS.map((path) => ({ path, method: RequestMethod.GET })),
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('DRS Orchestrator API')
      .setDescription(
        'Protection groups, recovery plans and their executions on AWS Elastic Disaster Recovery. ' +
          'Every error has the body {statusCode, code, message, details}. ' +
          'Sign in with POST /api/v1/auth/token and send the token as "Authorization: Bearer <token>".',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME)
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  await app.init();

  return app;
}
