/** ioredis connection shared by the queue producers and short Redis commands of one process. */
export const BULLMQ_CONNECTION = Symbol('BULLMQ_CONNECTION');
/** Nest microservice client that publishes execution events on Redis pub/sub. */
export const EVENT_CLIENT = Symbol('EVENT_CLIENT');
