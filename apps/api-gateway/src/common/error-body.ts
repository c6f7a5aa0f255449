import { ApiProperty } from '@nestjs/swagger';

import { ErrorCode } from '@drs/domain';

export type ApiErrorCode = ErrorCode;

export interface FieldErrors {
  /** Path of the invalid value in the request, such as `waves[2].name`. */
  field: string;
  errors: string[];
}

/** The one body shape of every error response. */
export class ErrorBody {
  @ApiProperty({ example: 409 })
  statusCode: number;

  @ApiProperty({
    enum: Object.values(ErrorCode),
    example: ErrorCode.ServerInOtherGroup,
  })
  code: ApiErrorCode;

  @ApiProperty({
    example: 'Source server s-0123456789abcdef0 already belongs to protection group "orders-db"',
  })
  message: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Facts about the failure: `fields` for validation errors, the conflicting ids for a 409, `errorId` for a 500.',
    example: {
      sourceServerId: 's-0123456789abcdef0',
      groupId: '0b7e5a52-2d1c-4c39-9a55-3e1f3c0d2a61',
      groupName: 'orders-db',
    },
  })
  details: Record<string, unknown>;
}
