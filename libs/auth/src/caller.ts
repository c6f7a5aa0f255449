import type { Role } from '@drs/domain';

/** Who made a request, as a verified access token states it. */
export interface Caller {
  /** `sub` of the token: a user id of the local issuer, or the subject at the OIDC provider. */
  subject: string;
  /** Name for logs and the audit trail. */
  name: string;
  /** Null when the token grants none of our roles; such a caller may do nothing. */
  role: Role | null;
  issuer: string;
  expiresAt: Date;
}
