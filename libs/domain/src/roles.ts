/**
 * Operator roles, from least to most privileged; each role may do everything the roles before it
 * may. `recovery-admin` alone may start and control a real recovery.
 */
export enum Role {
  Viewer = 'viewer',
  Operator = 'operator',
  RecoveryAdmin = 'recovery-admin',
  Admin = 'admin',
}

const ROLE_ORDER: readonly Role[] = [Role.Viewer, Role.Operator, Role.RecoveryAdmin, Role.Admin];

/** True when `held` grants at least what `required` does. */
export function roleSatisfies(held: Role, required: Role): boolean {
  return ROLE_ORDER.indexOf(held) >= ROLE_ORDER.indexOf(required);
}
