import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import type { Caller } from '@drs/auth';
import { Role } from '@drs/domain';

import { ApiErrorResponses } from '../common/api-error-responses';
import { ErrorBody } from '../common/error-body';
import type { GatewayRequest } from '../common/request-context';
import {
  CallerResponse,
  JsonWebKeySet,
  OidcTokenInput,
  SignInInput,
  SignInProvidersResponse,
  SignInResponse,
} from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentCaller } from './current-caller.decorator';
import { OidcSignInService } from './oidc-sign-in.service';
import { Public, RequireRole } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly oidc: OidcSignInService,
  ) {}

  @Post('token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with a name and password of the local issuer',
    description:
      'Returns a short-lived access token (JWT) for the Authorization header and the status socket.',
  })
  @ApiOkResponse({ type: SignInResponse })
  @ApiErrorResponses(400)
  @ApiResponse({ status: 401, description: 'Invalid name or password (UNAUTHENTICATED)', type: ErrorBody })
  @ApiResponse({
    status: 429,
    description: 'Too many sign-ins from this address (RATE_LIMITED)',
    type: ErrorBody,
  })
  signIn(@Body() input: SignInInput, @Req() request: GatewayRequest): Promise<SignInResponse> {
    if (request.audit) {
      request.audit.targetType = 'users';
      request.audit.targetId = input.name.slice(0, 64);
      request.audit.claimedActor = input.name.slice(0, 64);
    }

    return this.auth.signIn(input, request.ip ?? 'unknown');
  }

  @Get('providers')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The sign-in methods offered: name and password, and the OpenID Connect provider if configured',
    description:
      "The provider's authorization endpoint comes from its discovery document, read once and kept. " +
      'When the provider cannot be reached, `oidc.error` says why and `oidc.authorizationEndpoint` is null.',
  })
  @ApiOkResponse({ type: SignInProvidersResponse })
  providers(): Promise<SignInProvidersResponse> {
    return this.oidc.providers();
  }

  @Post('oidc/token')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with an authorization code of the OpenID Connect provider (PKCE)',
    description:
      "Redeems the code at the provider's token endpoint with the PKCE verifier, verifies the ID token " +
      'and returns it as the access token. `redirectUri` must be /auth/callback on this server.',
  })
  @ApiOkResponse({ type: SignInResponse })
  @ApiResponse({
    status: 400,
    description:
      'Invalid input, or a redirectUri other than /auth/callback on this server (VALIDATION_FAILED)',
    type: ErrorBody,
  })
  @ApiResponse({
    status: 401,
    description: 'The provider rejected the code or verifier, or the ID token was rejected (UNAUTHENTICATED)',
    type: ErrorBody,
  })
  @ApiResponse({
    status: 403,
    description: 'The user has no group that maps to a role (FORBIDDEN)',
    type: ErrorBody,
  })
  @ApiResponse({
    status: 404,
    description: 'No OpenID Connect provider is configured (NOT_FOUND)',
    type: ErrorBody,
  })
  @ApiResponse({
    status: 429,
    description: 'Too many sign-ins from this address (RATE_LIMITED)',
    type: ErrorBody,
  })
  @ApiResponse({
    status: 503,
    description: 'The provider could not be reached or sent an unusable response (SERVICE_UNAVAILABLE)',
    type: ErrorBody,
  })
  signInWithOidc(@Body() input: OidcTokenInput, @Req() request: GatewayRequest): Promise<SignInResponse> {
    if (request.audit) {
      request.audit.targetType = 'users';
    }

    return this.oidc.signIn(input, {
      address: request.ip ?? 'unknown',
      // Express reads these from X-Forwarded-Proto and X-Forwarded-Host only when TRUST_PROXY_HOPS is set.
      origin: { protocol: request.protocol, host: request.host ?? '' },
      audit: request.audit,
    });
  }

  @Get('jwks')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "The local issuer's public keys (JWKS), to verify its tokens elsewhere" })
  @ApiOkResponse({ type: JsonWebKeySet })
  jwks(): JsonWebKeySet {
    return this.auth.jwks();
  }

  @Get('me')
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Who the bearer token names, with its role and expiry' })
  @ApiOkResponse({ type: CallerResponse })
  me(@CurrentCaller() caller: Caller): CallerResponse {
    return this.auth.describe(caller);
  }
}
