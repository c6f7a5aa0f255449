import { ProtectionGroups1733300000000 } from './1733300000000-protection-groups';
import { RecoveryPlans1733300000001 } from './1733300000001-recovery-plans';
import { Executions1733300000002 } from './1733300000002-executions';
import { EventsAndOutbox1733300000003 } from './1733300000003-events-and-outbox';
import { UsersAndSigningKeys1733400000000 } from './1733400000000-users-and-signing-keys';
import { AuditRecords1733400000001 } from './1733400000001-audit-records';
import { RunControl1733300000004 } from './1733300000004-run-control';

/** In order of application. A committed migration is never edited; add a new one instead. */
export const MIGRATIONS = [
  ProtectionGroups1733300000000,
  RecoveryPlans1733300000001,
  Executions1733300000002,
  EventsAndOutbox1733300000003,
  RunControl1733300000004,
  UsersAndSigningKeys1733400000000,
  AuditRecords1733400000001,
];
