import type { Caller } from '@drs/auth';
import { DomainError, ErrorCode, ExecutionMode, Role, roleSatisfies } from '@drs/domain';

/** A drill leaves production alone; a recovery fails over for real and needs the higher role. */
export function roleForExecutionMode(mode: ExecutionMode): Role {
  return mode === ExecutionMode.Recovery ? Role.RecoveryAdmin : Role.Operator;
}

/**
 * Rejects a caller whose role may not start or control an execution of `mode`. Routes that start
 * or control executions require only `operator`, because the mode is known only from the body or
 * the stored execution; their services call this once they know it.
 */
export function assertMayRunMode(caller: Caller, mode: ExecutionMode, action: string): void {
  const required = roleForExecutionMode(mode);
  if (caller.role !== null && roleSatisfies(caller.role, required)) {
    return;
  }

  throw new DomainError(
    ErrorCode.Forbidden,
    `To ${action} a ${mode} execution you need role ${required} or higher; ${caller.name} has ${caller.role ?? 'no role'}. ` +
      `A DRILL needs ${Role.Operator}, a RECOVERY needs ${Role.RecoveryAdmin}.`,
    { mode, requiredRole: required, role: caller.role },
  );
}
