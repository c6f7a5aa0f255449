import type { EntityManager } from 'typeorm';

/**
 * First key of the two-key advisory locks the gateway takes. Postgres keeps two-key locks apart
 * from single-key ones, so this only has to differ from the class ids other apps use.
 */
const GATEWAY_LOCK_CLASS = 0x64727361;

export enum GatewayLock {
  /** Serializes writes of protection groups, so two groups cannot claim the same server at once. */
  GroupMembership = 1,
  /** Serializes execution starts, so that the conflict checks of a start see every earlier start. */
  ExecutionStart = 2,
}

/** Takes a lock that Postgres releases when the surrounding transaction ends. */
export async function lockForTransaction(manager: EntityManager, lock: GatewayLock): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [GATEWAY_LOCK_CLASS, lock]);
}
