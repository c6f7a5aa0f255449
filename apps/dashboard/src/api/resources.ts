import type { ExecutionMode, FailurePolicy, LaunchOrder, TagSelector } from '@drs/domain';

// Shapes of the gateway's responses and request bodies under /api/v1, as its OpenAPI document
// (/api/docs) describes them.

export interface NamedRef {
  id: string;
  name: string;
}

export interface SignInResponse {
  accessToken: string;
  tokenType: 'Bearer';
  expiresInSeconds: number;
  role: string;
}

export interface CallerResponse {
  name: string;
  subject: string;
  role: string | null;
  issuer: string;
  expiresAt: string;
}

export interface SourceServer {
  sourceServerId: string;
  accountId: string;
  region: string;
  hostname: string | null;
  osFamily: string;
  os: string | null;
  replicationState: string | null;
  lagDuration: string | null;
  lagSeconds: number | null;
  lastSeenAt: string | null;
  tags: Record<string, string>;
  protectionGroup: NamedRef | null;
}

export interface ProtectionGroup {
  id: string;
  name: string;
  description: string;
  accountId: string;
  region: string;
  memberKind: 'EXPLICIT' | 'TAG_SELECTOR' | string;
  sourceServerIds: string[] | null;
  tagSelector: TagSelector | null;
  usedByPlans: NamedRef[];
  createdAt: string;
  updatedAt: string;
}

export interface ProtectionGroupInput {
  name: string;
  description?: string;
  accountId: string;
  region: string;
  sourceServerIds?: string[] | null;
  tagSelector?: TagSelector | null;
}

export interface PlanWave {
  name: string;
  position: number;
  launchOrder: LaunchOrder;
  dependsOn: string[];
  failurePolicy: FailurePolicy;
  minSuccessPercent: number;
  optionalServerIds: string[];
  deadlineSeconds: number | null;
  protectionGroups: NamedRef[];
}

export interface LastExecution {
  id: string;
  mode: ExecutionMode;
  status: string;
  startedAt: string | null;
  endedAt: string | null;
  createdAt: string;
}

export interface RecoveryPlan {
  id: string;
  name: string;
  description: string;
  rpoSeconds: number | null;
  version: number;
  waves: PlanWave[];
  lastExecution: LastExecution | null;
  createdAt: string;
  updatedAt: string;
}

export interface WaveInput {
  name: string;
  protectionGroupIds: string[];
  launchOrder: LaunchOrder;
  dependsOn?: string[];
  failurePolicy?: FailurePolicy;
  minSuccessPercent?: number;
  optionalServerIds?: string[];
  deadlineSeconds?: number;
}

export interface RecoveryPlanInput {
  name: string;
  description?: string;
  rpoSeconds?: number;
  waves: WaveInput[];
}

export interface ExecutionSummary {
  id: string;
  planId: string | null;
  planName: string;
  planVersion: number;
  mode: ExecutionMode;
  status: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  cleanupStatus: string;
  serverCounts: { total: number; launched: number; failed: number };
}

export interface ListResponse<T> {
  items: T[];
  total?: number;
}

/** `GET /auth/providers`: the OpenID Connect provider offered for sign-in. */
export interface OidcProviderDescription {
  issuer: string;
  clientId: string;
  /** Null while the provider's discovery document cannot be read; `error` gives the reason. */
  authorizationEndpoint: string | null;
  scopes: string[];
  error: string | null;
}

/** `GET /auth/providers`: the sign-in methods the gateway offers. */
export interface SignInProviders {
  local: boolean;
  oidc: OidcProviderDescription | null;
}

/** `POST /auth/oidc/token` request body. */
export interface OidcTokenRequest {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}
