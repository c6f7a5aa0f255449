import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { Response } from 'express';

import { Caller, IssuerUnavailableError, TokenRejectedError, TokenVerifier } from '@drs/auth';
import { DomainError, ErrorCode, Role, roleSatisfies } from '@drs/domain';

import { AuditContext, GatewayRequest } from '../common/request-context';
import { RateLimiter, RateLimitScope, rateLimited } from '../security/rate-limiter';
import { PUBLIC_ROUTE, REQUIRED_ROLE } from './roles.decorator';

/** Body fields copied into the audit trail, because they identify what a call concerned and are never secret. */
const AUDITED_BODY_FIELDS = ['planId', 'mode', 'name'];
const MAX_AUDITED_VALUE_LENGTH = 200;

function controllerPath(context: ExecutionContext): string {
  const path: unknown = Reflect.getMetadata(PATH_METADATA, context.getClass());
  const first = Array.isArray(path) ? path[0] : path;

  return typeof first === 'string' && first !== '' && first !== '/'
    ? first.replace(/^\/+|\/+$/g, '')
    : 'root';
}

function describeRoute(request: GatewayRequest, context: ExecutionContext): AuditContext {
  const targetType = controllerPath(context);
  const id: unknown = request.params?.id;
  const details: Record<string, unknown> = {};
  const body: unknown = request.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    for (const field of AUDITED_BODY_FIELDS) {
      const value = (body as Record<string, unknown>)[field];
      if (typeof value === 'string') {
        details[field] = value.slice(0, MAX_AUDITED_VALUE_LENGTH);
      }
    }
  }

  return {
    action: `${targetType}.${context.getHandler().name}`,
    targetType,
    targetId: typeof id === 'string' ? id.slice(0, MAX_AUDITED_VALUE_LENGTH) : null,
    details,
  };
}

function unauthenticated(message: string): DomainError {
  return new DomainError(
    ErrorCode.Unauthenticated,
    `${message}; sign in with POST /api/v1/auth/token and send the token as "Authorization: Bearer <token>"`,
  );
}

/**
 * The global guard: every route is Public or names the least role it needs. It verifies the bearer
 * token, applies the per-user rate limit and compares roles. A route that declares neither is
 * closed to everyone, so a route added without a role fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    request.audit = describeRoute(request, context);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const requiredRole = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets);
    if (requiredRole === undefined) {
      this.logger.error(
        `${request.audit.action} declares neither RequireRole nor Public; every call is rejected`,
      );
      throw new DomainError(
        ErrorCode.Forbidden,
        `${request.method} ${request.path} declares no role, so it is closed to every caller`,
      );
    }

    const caller = await this.authenticate(request);
    request.caller = caller;
    const decision = this.rateLimiter.consume(RateLimitScope.User, `${caller.issuer} ${caller.subject}`);
    if (!decision.allowed) {
      context
        .switchToHttp()
        .getResponse<Response>()
        .setHeader('Retry-After', String(decision.retryAfterSeconds));
      throw rateLimited(RateLimitScope.User, decision);
    }
    if (caller.role === null || !roleSatisfies(caller.role, requiredRole)) {
      throw new DomainError(
        ErrorCode.Forbidden,
        `${request.audit.action} needs role ${requiredRole} or higher; ${caller.name} has ${caller.role ?? 'no role'}`,
        { requiredRole, role: caller.role },
      );
    }

    return true;
  }

  private async authenticate(request: GatewayRequest): Promise<Caller> {
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      throw unauthenticated('Authentication required');
    }
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match) {
      throw unauthenticated('The Authorization header must be "Bearer <token>"');
    }

    try {
      return await this.verifier.verify(match[1]);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        // The reason names what failed; the token itself is never logged.
        this.logger.warn(
          `${request.method} ${request.path} from ${request.ip}: bearer token rejected: ${error.reason}`,
        );
        throw unauthenticated(`The access token was rejected: ${error.reason}`);
      }
      if (error instanceof IssuerUnavailableError) {
        this.logger.warn(`${request.method} ${request.path}: ${error.message}`);
        throw new DomainError(
          ErrorCode.ServiceUnavailable,
          `The identity provider's key set could not be fetched, so the token cannot be checked; retry shortly`,
          { issuer: error.issuer },
        );
      }
      throw error;
    }
  }
}
