import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';

import { AppConfig, redisConnectionOptions } from '@drs/config';

import { EventPublisher } from './event-publisher';
import { OutboxRelay } from './outbox-relay';
import { QueueRegistry } from './queue-registry';
import { RedisConnectionCloser } from './redis-connection-closer';
import { createProducerConnection } from './redis-connection';
import { BULLMQ_CONNECTION, EVENT_CLIENT } from './tokens';
import { TransactionRunner } from './transaction-runner';

/** Queues, event publishing and the outbox for one process. Needs TypeORM's DataSource. */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: AppConfig, processName: string): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        {
          provide: BULLMQ_CONNECTION,
          useFactory: () => createProducerConnection(config.redisUrl, `${processName}-queues`),
        },
        {
          provide: EVENT_CLIENT,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.REDIS,
              options: {
                ...redisConnectionOptions(config.redisUrl),
                retryAttempts: 1_000,
                retryDelay: 1_000,
              },
            }),
        },
        QueueRegistry,
        EventPublisher,
        OutboxRelay,
        TransactionRunner,
        RedisConnectionCloser,
      ],
      exports: [BULLMQ_CONNECTION, QueueRegistry, EventPublisher, OutboxRelay, TransactionRunner],
    };
  }
}
