export type { Job, JobLog, ParticipatingServer, RecoveryInstance, SourceServer } from '@aws-sdk/client-drs';

export * from './drs-adapter.module';
export * from './drs-adapter.service';
export * from './drs-client-factory';
export * from './drs-errors';
export * from './os-family';
