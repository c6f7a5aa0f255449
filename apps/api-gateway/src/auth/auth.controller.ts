import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import type { Caller } from '@drs/auth';
import { Role } from '@drs/domain';

import { ApiErrorResponses } from '../common/api-error-responses';
import { ErrorBody } from '../common/error-body';
import type { GatewayRequest } from '../common/request-context';
import { CallerResponse, JsonWebKeySet, SignInInput, SignInResponse } from './auth.dto';
import { AuthService } from './auth.service';
import { CurrentCaller } from './current-caller.decorator';
import { Public, RequireRole } from './roles.decorator';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

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
