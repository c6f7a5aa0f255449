export * from './backoff';
export * from './batching';
export * from './errors';
export * from './iso-duration';
export * from './readiness';
export * from './statuses';
export * from './tag-selector';
export * from './wave-graph';
