export * from './drs-tags';
export * from './events';
export * from './execution-view';
export * from './queues';
