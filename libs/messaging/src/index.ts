export * from './event-publisher';
export * from './messaging.module';
export * from './outbox-relay';
export * from './queue-registry';
export * from './redis-connection';
export * from './tokens';
export * from './transaction-runner';
