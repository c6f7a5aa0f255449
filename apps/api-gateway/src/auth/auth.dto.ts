import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

import { MAX_PASSWORD_LENGTH } from '@drs/auth';
import { Role } from '@drs/domain';

export class SignInInput {
  @ApiProperty({ example: 'alice' })
  @MaxLength(64)
  @MinLength(1)
  @IsString({ message: 'name must be a string' })
  name: string;

  @ApiProperty({ format: 'password' })
  @MaxLength(MAX_PASSWORD_LENGTH)
  @MinLength(1)
  @IsString({ message: 'password must be a string' })
  password: string;
}

export class SignInResponse {
  @ApiProperty({ description: 'JWT signed by the local issuer; send it as "Authorization: Bearer <token>"' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the token expires; sign in again then' })
  expiresInSeconds: number;

  @ApiProperty({ enum: Role })
  role: Role;
}

export class JsonWebKeySet {
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Public keys of the local issuer (RFC 7517)',
  })
  keys: Array<Record<string, unknown>>;
}

export class CallerResponse {
  @ApiProperty()
  name: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ enum: Role, nullable: true })
  role: Role | null;

  @ApiProperty()
  issuer: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt: string;
}

export class OidcProviderDescription {
  @ApiProperty({ example: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example' })
  issuer: string;

  @ApiProperty({ description: 'OAuth client id to send in the authorization request' })
  clientId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "From the issuer's discovery document; null while the provider cannot be reached",
  })
  authorizationEndpoint: string | null;

  @ApiProperty({ type: [String], example: ['openid', 'email', 'profile'] })
  scopes: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why sign-in with this provider is unavailable now, or null when it is available',
  })
  error: string | null;
}

export class SignInProvidersResponse {
  @ApiProperty({ description: 'Whether sign-in with a name and password (POST /auth/token) is offered' })
  local: boolean;

  @ApiProperty({ type: OidcProviderDescription, nullable: true, description: 'Null when none is configured' })
  oidc: OidcProviderDescription | null;
}

/** PKCE verifiers are 43 to 128 unreserved characters (RFC 7636, section 4.1). */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export class OidcTokenInput {
  @ApiProperty({ description: 'Authorization code from the redirect to /auth/callback' })
  @MaxLength(2_048)
  @MinLength(1)
  @IsString({ message: 'code must be a string' })
  code: string;

  @ApiProperty({
    description: 'PKCE code verifier whose S256 challenge was sent in the authorization request',
  })
  @Matches(CODE_VERIFIER, {
    message: 'codeVerifier must be 43 to 128 characters of A-Z, a-z, 0-9 and "-._~"',
  })
  @IsString({ message: 'codeVerifier must be a string' })
  codeVerifier: string;

  @ApiProperty({
    example: 'https://dr.example.com/auth/callback',
    description: 'The redirect_uri of the authorization request: /auth/callback on this server',
  })
  @MaxLength(2_048)
  @IsString({ message: 'redirectUri must be a string' })
  redirectUri: string;
}
