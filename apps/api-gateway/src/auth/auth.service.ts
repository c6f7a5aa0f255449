import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import {
  Caller,
  decodePasswordHash,
  decoyPasswordHash,
  findUserByName,
  issueAccessToken,
  LOCAL_KEYS,
  LocalKeys,
  PasswordHash,
  verifyPassword,
} from '@drs/auth';
import { APP_CONFIG, AppConfig } from '@drs/config';
import { DomainError, ErrorCode, Role } from '@drs/domain';

import { RateLimiter, RateLimitScope, rateLimited } from '../security/rate-limiter';
import { CallerResponse, JsonWebKeySet, SignInInput, SignInResponse } from './auth.dto';

interface Account {
  subject: string;
  name: string;
  role: Role;
  password: PasswordHash;
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Users from AUTH_USERS by lower-case name; they take precedence over users in Postgres. */
  private readonly configuredUsers: Map<string, Account>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOCAL_KEYS) private readonly keys: LocalKeys,
    private readonly dataSource: DataSource,
    private readonly rateLimiter: RateLimiter,
  ) {
    this.configuredUsers = new Map(
      config.auth.users.map((user) => [
        user.name.toLowerCase(),
        {
          subject: `config:${user.name}`,
          name: user.name,
          role: user.role,
          password: decodePasswordHash(user.passwordHash),
        },
      ]),
    );
  }

  /** Checks a name and password against the local issuer's users and returns a signed access token. */
  async signIn(input: SignInInput, address: string): Promise<SignInResponse> {
    const decision = await this.rateLimiter.consumeSignIn(address);
    if (!decision.allowed) {
      throw rateLimited(RateLimitScope.SignIn, decision);
    }

    const account = await this.findAccount(input.name);
    // An unknown name costs one scrypt as well, so the reply time does not tell which names exist.
    const valid = await verifyPassword(input.password, account?.password ?? (await decoyPasswordHash()));
    if (!account || !valid) {
      this.logger.warn(
        `sign-in of "${input.name.slice(0, 64)}" from ${address} rejected: invalid name or password`,
      );
      throw new DomainError(ErrorCode.Unauthenticated, 'Invalid name or password');
    }

    const issued = await issueAccessToken(this.keys, this.config.auth, account);
    this.logger.log(`user ${account.name} (${account.role}) signed in from ${address}`);

    return {
      accessToken: issued.token,
      tokenType: 'Bearer',
      expiresInSeconds: this.config.auth.tokenTtlSeconds,
      role: account.role,
    };
  }

  jwks(): JsonWebKeySet {
    return { keys: this.keys.publicJwks as unknown as Array<Record<string, unknown>> };
  }

  describe(caller: Caller): CallerResponse {
    return {
      name: caller.name,
      subject: caller.subject,
      role: caller.role,
      issuer: caller.issuer,
      expiresAt: caller.expiresAt.toISOString(),
    };
  }

  private async findAccount(name: string): Promise<Account | null> {
    const configured = this.configuredUsers.get(name.toLowerCase());
    if (configured) {
      return configured;
    }
    const stored = await findUserByName(this.dataSource, name);

    return stored
      ? { subject: stored.id, name: stored.name, role: stored.role, password: stored.password }
      : null;
  }
}
