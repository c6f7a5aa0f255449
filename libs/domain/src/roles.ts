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

/** Every role, from least to most privileged. */
export const ROLES: readonly Role[] = ROLE_ORDER;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLE_ORDER as readonly string[]).includes(value);
}

/** The most privileged of `roles`, or null for an empty list. */
export function highestRole(roles: readonly Role[]): Role | null {
  let highest: Role | null = null;
  for (const role of roles) {
    if (highest === null || ROLE_ORDER.indexOf(role) > ROLE_ORDER.indexOf(highest)) {
      highest = role;
    }
  }

  return highest;
}
