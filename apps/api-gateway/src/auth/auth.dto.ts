import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

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
