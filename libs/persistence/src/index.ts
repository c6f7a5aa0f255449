export * from './data-source';
export * from './database-errors';
export * from './entities';
export * from './execution-view.query';
export * from './migrations';
export * from './server-events';
export * from './unit-of-work';
export { ensureDatabase, migrate } from './cli/migrate';
