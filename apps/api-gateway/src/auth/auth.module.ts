import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';

import { RateLimiter } from '../security/rate-limiter';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { OidcProviderClient } from './oidc-provider.client';
import { OidcSignInService } from './oidc-sign-in.service';

/** Sign-in (local and OpenID Connect), the local issuer's JWKS and the global guard that every route passes. */
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    OidcProviderClient,
    OidcSignInService,
    RateLimiter,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [RateLimiter],
})
export class AuthModule {}
