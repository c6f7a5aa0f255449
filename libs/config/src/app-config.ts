/**
 * Typed configuration, read once from the environment at start-up.
 * Every process calls `loadConfig(process.env)` in its main.ts and injects the result;
 * nothing below main.ts reads `process.env`.
 */

import { isRole, Role } from '@drs/domain';

export interface DrsTarget {
  accountId: string;
  region: string;
  /** IAM role to assume for this account; absent means the default credential chain. */
  roleArn?: string;
}

export interface DrsQuotas {
  maxServersPerJob: number;
  maxJobsInProgress: number;
  maxServersInActiveJobs: number;
}

/** A user of the local issuer defined in configuration rather than in the database. */
export interface ConfiguredUser {
  name: string;
  role: Role;
  /** Encoded scrypt hash, as printed by `npm run users -- hash`. */
  passwordHash: string;
}

/** An external OpenID Connect issuer, such as an Amazon Cognito user pool. */
export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Claim that lists the caller's roles or groups, such as `cognito:groups`. */
  rolesClaim: string;
  /** Claim that names the caller in logs and the audit trail; `sub` when the token lacks it. */
  usernameClaim: string;
  /** JWS algorithms accepted from this issuer. */
  algorithms: string[];
  /** Group or role names of the issuer mapped to ours; names equal to one of our roles map to it. */
  roleMap: Record<string, Role>;
  /** OAuth client id with which the dashboard signs users in (authorization code with PKCE). */
  clientId: string;
  /**
   * Secret of a confidential app client, sent to the token endpoint with the code; absent for a
   * public client, which PKCE alone protects. Never logged.
   */
  clientSecret?: string;
  /** Scopes the dashboard requests at sign-in; always contains `openid`. */
  scopes: string[];
}

export interface AuthSettings {
  /** `iss` of the tokens that the built-in local issuer signs. */
  issuer: string;
  /** `aud` of the tokens that the local issuer signs. */
  audience: string;
  tokenTtlSeconds: number;
  /** PKCS#8 PEM of a P-256 key; when absent, a key generated once is kept in Postgres. */
  signingKeyPem?: string;
  users: ConfiguredUser[];
  oidc?: OidcSettings;
}

export interface RateLimitSettings {
  windowSeconds: number;
  maxRequestsPerUser: number;
  maxRequestsPerAddress: number;
  maxSignInsPerAddress: number;
}

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of every BullMQ key, so that several installations or test runs share one Redis. */
  queuePrefix: string;
  /** Redis pub/sub channel prefix for execution events. */
  eventChannelPrefix: string;
  apiHost: string;
  apiPort: number;
  statusHost: string;
  statusPort: number;
  /** URL of the status service, to which the api-gateway passes the dashboard's socket through. */
  statusUrl: string;
  drs: {
    /** Emulator URL; when set, every account is reached with an access key that names it. */
    endpoint?: string;
    targets: DrsTarget[];
    callTimeoutMs: number;
    quotas: DrsQuotas;
  };
  launcher: {
    concurrency: number;
    jobPollIntervalMs: number;
    conflictBackoffBaseMs: number;
    conflictBackoffMaxMs: number;
    capacityRetryDelayMs: number;
  };
  health: {
    host: string;
    /** Port of the health endpoint of the planner and launcher; 0 serves none. */
    port: number;
    /** How often each worker process sends a probe job through its queue. */
    livenessIntervalMs: number;
  };
  planner: {
    concurrency: number;
    reconcileIntervalMs: number;
    /** Lag above which a server gets a readiness warning when the plan sets no RPO. */
    defaultRpoSeconds: number;
  };
  auth: AuthSettings;
  rateLimit: RateLimitSettings;
  /** Browser origins allowed to call the API and the status service; empty allows none. */
  corsOrigins: string[];
  /** Proxies in front of the API whose X-Forwarded-For is trusted to name the client address. */
  trustProxyHops: number;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  optionalString(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      return fallback;
    }
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }

    return value;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.string(name, fallback);
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL: "${value}"`);
    }

    return value;
  }
}

/**
 * Parses `DRS_TARGETS` ("123456789012/us-east-1,210987654321/us-west-2") and
 * `DRS_ROLE_ARNS` ("123456789012=arn:aws:iam::123456789012:role/DrsOrchestrator,...").
 */
function readTargets(reader: EnvReader, targetsRaw: string, rolesRaw: string | undefined): DrsTarget[] {
  const roles = new Map<string, string>();
  for (const entry of (rolesRaw ?? '').split(',').filter((part) => part.trim() !== '')) {
    const separator = entry.indexOf('=');
    const accountId = entry.slice(0, separator).trim();
    const roleArn = entry.slice(separator + 1).trim();
    if (separator < 0 || !ACCOUNT_ID.test(accountId) || !roleArn.startsWith('arn:')) {
      reader.problems.push(`DRS_ROLE_ARNS entry "${entry}" must look like 123456789012=arn:aws:iam::...`);
      continue;
    }
    roles.set(accountId, roleArn);
  }

  const targets: DrsTarget[] = [];
  for (const entry of targetsRaw.split(',').filter((part) => part.trim() !== '')) {
    const [accountId, region, extra] = entry.trim().split('/');
    if (!ACCOUNT_ID.test(accountId ?? '') || !REGION.test(region ?? '') || extra !== undefined) {
      reader.problems.push(`DRS_TARGETS entry "${entry}" must look like 123456789012/us-east-1`);
      continue;
    }
    targets.push({ accountId, region, roleArn: roles.get(accountId) });
  }

  return targets;
}

const PASSWORD_HASH = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/;
const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

function splitList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Parses `AUTH_USERS` ("alice:operator:scrypt$...,bob:viewer:scrypt$..."). */
function readConfiguredUsers(reader: EnvReader, raw: string | undefined): ConfiguredUser[] {
  const users: ConfiguredUser[] = [];
  for (const entry of splitList(raw)) {
    const [name, role, passwordHash, extra] = entry.split(':');
    if (!USER_NAME.test(name ?? '') || !isRole(role) || !PASSWORD_HASH.test(passwordHash ?? '') || extra) {
      // The entry contains a password hash, so the message names the user only.
      reader.problems.push(
        `AUTH_USERS entry for "${(name ?? '').slice(0, 64)}" must look like NAME:ROLE:HASH, with a role of viewer, operator, recovery-admin or admin and a hash from "npm run users -- hash"`,
      );
      continue;
    }
    users.push({ name, role, passwordHash });
  }

  return users;
}

/** Parses `AUTH_OIDC_ROLE_MAP` ("DrsAdmins=admin,DrsOperators=operator"). */
function readRoleMap(reader: EnvReader, raw: string | undefined): Record<string, Role> {
  const roleMap: Record<string, Role> = {};
  for (const entry of splitList(raw)) {
    const separator = entry.lastIndexOf('=');
    const group = entry.slice(0, separator).trim();
    const role = entry.slice(separator + 1).trim();
    if (separator <= 0 || !isRole(role)) {
      reader.problems.push(`AUTH_OIDC_ROLE_MAP entry "${entry}" must look like GROUP=operator`);
      continue;
    }
    roleMap[group] = role;
  }

  return roleMap;
}

function readOidc(reader: EnvReader): OidcSettings | undefined {
  const issuer = reader.optionalString('AUTH_OIDC_ISSUER');
  if (issuer === undefined) {
    return undefined;
  }
  reader.url('AUTH_OIDC_ISSUER', issuer, ['https:', 'http:']);
  const audience = reader.optionalString('AUTH_OIDC_AUDIENCE');
  if (audience === undefined) {
    reader.problems.push(
      'AUTH_OIDC_AUDIENCE must be set when AUTH_OIDC_ISSUER is, for example to the app client id',
    );
  }
  const algorithms = splitList(reader.string('AUTH_OIDC_ALGORITHMS', 'RS256'));
  const unsupported = algorithms.filter((algorithm) => !/^(RS|PS|ES)(256|384|512)$|^EdDSA$/.test(algorithm));
  if (unsupported.length > 0) {
    reader.problems.push(
      `AUTH_OIDC_ALGORITHMS may list RS256, PS256, ES256 (or their 384 and 512 forms) and EdDSA, got "${unsupported.join(',')}"`,
    );
  }

  return {
    issuer,
    audience: audience ?? '',
    jwksUrl: reader.url('AUTH_OIDC_JWKS_URL', `${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`, [
      'https:',
      'http:',
    ]),
    rolesClaim: reader.string('AUTH_OIDC_ROLES_CLAIM', 'roles'),
    usernameClaim: reader.string('AUTH_OIDC_USERNAME_CLAIM', 'preferred_username'),
    algorithms,
    roleMap: readRoleMap(reader, reader.optionalString('AUTH_OIDC_ROLE_MAP')),
    clientId: reader.string('AUTH_OIDC_CLIENT_ID', audience ?? ''),
    clientSecret: reader.optionalString('AUTH_OIDC_CLIENT_SECRET'),
    scopes: readScopes(reader, reader.string('AUTH_OIDC_SCOPES', 'openid email profile')),
  };
}

/** Parses `AUTH_OIDC_SCOPES` ("openid email profile"), separated by spaces or commas. */
function readScopes(reader: EnvReader, raw: string): string[] {
  const scopes = raw.split(/[\s,]+/).filter((scope) => scope !== '');
  if (!scopes.includes('openid')) {
    reader.problems.push(
      `AUTH_OIDC_SCOPES must contain "openid", because sign-in needs an ID token; got "${raw}"`,
    );
  }
  const invalid = scopes.filter((scope) => !/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope));
  if (invalid.length > 0) {
    reader.problems.push(`AUTH_OIDC_SCOPES contains invalid scope names: "${invalid.join('", "')}"`);
  }

  return scopes;
}

function readSigningKey(reader: EnvReader): string | undefined {
  // A PEM in one environment variable often has its line breaks written as \n.
  const pem = reader.optionalString('AUTH_SIGNING_KEY')?.replace(/\\n/g, '\n');
  if (pem !== undefined && !pem.trim().startsWith('-----BEGIN PRIVATE KEY-----')) {
    reader.problems.push(
      'AUTH_SIGNING_KEY must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") of a P-256 key',
    );
  }

  return pem;
}

export function loadConfig(env: Env): AppConfig {
  const reader = new EnvReader(env);
  const logLevel = reader.string('LOG_LEVEL', 'log');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    reader.problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }

  const statusHost = reader.string('STATUS_HOST', '127.0.0.1');
  const statusPort = reader.integer('STATUS_PORT', 3001, 0, 65535);
  const config: AppConfig = {
    databaseUrl: reader.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/drs_orchestrator', [
      'postgres:',
      'postgresql:',
    ]),
    redisUrl: reader.url('REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    queuePrefix: reader.string('QUEUE_PREFIX', 'drs'),
    eventChannelPrefix: reader.string('EVENT_CHANNEL_PREFIX', 'drs'),
    apiHost: reader.string('API_HOST', '127.0.0.1'),
    apiPort: reader.integer('API_PORT', 3000, 0, 65535),
    statusHost,
    statusPort,
    statusUrl: reader.url('STATUS_URL', `http://${reachableHost(statusHost)}:${statusPort}`, [
      'http:',
      'https:',
    ]),
    drs: {
      endpoint: reader.optionalString('DRS_ENDPOINT'),
      targets: readTargets(
        reader,
        reader.string('DRS_TARGETS', '123456789012/us-east-1'),
        reader.optionalString('DRS_ROLE_ARNS'),
      ),
      callTimeoutMs: reader.integer('DRS_CALL_TIMEOUT_MS', 10_000, 100),
      quotas: {
        maxServersPerJob: reader.integer('DRS_MAX_SERVERS_PER_JOB', 100, 1, 200),
        maxJobsInProgress: reader.integer('DRS_MAX_JOBS_IN_PROGRESS', 20, 1),
        maxServersInActiveJobs: reader.integer('DRS_MAX_SERVERS_IN_ACTIVE_JOBS', 500, 1),
      },
    },
    launcher: {
      concurrency: reader.integer('LAUNCHER_CONCURRENCY', 8, 1, 100),
      jobPollIntervalMs: reader.integer('JOB_POLL_INTERVAL_MS', 2_000, 10),
      conflictBackoffBaseMs: reader.integer('CONFLICT_BACKOFF_BASE_MS', 2_000, 1),
      conflictBackoffMaxMs: reader.integer('CONFLICT_BACKOFF_MAX_MS', 60_000, 1),
      capacityRetryDelayMs: reader.integer('CAPACITY_RETRY_DELAY_MS', 1_000, 1),
    },
    health: {
      host: reader.string('HEALTH_HOST', '127.0.0.1'),
      port: reader.integer('HEALTH_PORT', 0, 0, 65535),
      livenessIntervalMs: reader.integer('LIVENESS_INTERVAL_MS', 10_000, 100),
    },
    planner: {
      concurrency: reader.integer('PLANNER_CONCURRENCY', 4, 1, 100),
      reconcileIntervalMs: reader.integer('RECONCILE_INTERVAL_MS', 5_000, 50),
      defaultRpoSeconds: reader.integer('DEFAULT_RPO_SECONDS', 300, 1),
    },
    auth: {
      issuer: reader.string('AUTH_ISSUER', 'drs-orchestrator'),
      audience: reader.string('AUTH_AUDIENCE', 'drs-orchestrator'),
      tokenTtlSeconds: reader.integer('AUTH_TOKEN_TTL_SECONDS', 900, 10, 86_400),
      signingKeyPem: readSigningKey(reader),
      users: readConfiguredUsers(reader, reader.optionalString('AUTH_USERS')),
      oidc: readOidc(reader),
    },
    rateLimit: {
      windowSeconds: reader.integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3_600),
      maxRequestsPerUser: reader.integer('RATE_LIMIT_PER_USER', 3_000, 1),
      maxRequestsPerAddress: reader.integer('RATE_LIMIT_PER_ADDRESS', 10_000, 1),
      maxSignInsPerAddress: reader.integer('RATE_LIMIT_SIGN_INS_PER_ADDRESS', 60, 1),
    },
    corsOrigins: splitList(reader.optionalString('CORS_ORIGINS')),
    trustProxyHops: reader.integer('TRUST_PROXY_HOPS', 0, 0, 10),
    logLevel: logLevel as AppConfig['logLevel'],
  };
  for (const origin of config.corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      reader.problems.push(
        `CORS_ORIGINS entry "${origin}" must be an origin such as https://dr.example.com, without a path`,
      );
    }
  }

  if (config.drs.targets.length === 0) {
    reader.problems.push('DRS_TARGETS must name at least one ACCOUNT/REGION pair');
  }
  if (config.drs.endpoint !== undefined) {
    reader.url('DRS_ENDPOINT', config.drs.endpoint, ['http:', 'https:']);
  }
  if (config.launcher.conflictBackoffMaxMs < config.launcher.conflictBackoffBaseMs) {
    reader.problems.push('CONFLICT_BACKOFF_MAX_MS must not be below CONFLICT_BACKOFF_BASE_MS');
  }
  if (reader.problems.length > 0) {
    throw new ConfigError(reader.problems);
  }

  return config;
}

/** Host and port of a redis:// URL, for clients that take them apart (the Nest Redis transport). */
export function redisConnectionOptions(redisUrl: string): { host: string; port: number; password?: string } {
  const url = new URL(redisUrl);

  return {
    host: url.hostname,
    port: url.port === '' ? 6379 : Number(url.port),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
  };
}

/** The Nest logger levels enabled by a LOG_LEVEL value: that level and every more severe one. */
export function nestLogLevels(level: AppConfig['logLevel']): Array<AppConfig['logLevel']> {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** Returns the host to connect to for a service bound to `host`; a wildcard bind is reached on loopback. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') {
    return '127.0.0.1';
  }

  return host.includes(':') ? `[${host}]` : host;
}
