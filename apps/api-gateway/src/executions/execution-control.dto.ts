import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { ExecutionStatus } from '@drs/domain';

const SOURCE_SERVER_ID = /^s-[0-9a-zA-Z]{17}$/;

export class ControlReasonInput {
  @ApiPropertyOptional({ description: 'Why the operator acts; recorded in the event.', maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RetryInput extends ControlReasonInput {
  @ApiPropertyOptional({
    description: 'FAILED servers to launch again. Give these or `wave`.',
    example: ['s-0123456789abcdef0'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @Matches(SOURCE_SERVER_ID, {
    each: true,
    message: 'each value in sourceServerIds must look like s-0123456789abcdef0',
  })
  sourceServerIds?: string[];

  @ApiPropertyOptional({
    description: 'Launch every FAILED server of this wave again. Give this or `sourceServerIds`.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  wave?: string;
}

export class SkipWaveInput extends ControlReasonInput {
  @ApiProperty({ description: 'A PENDING or FAILED wave; the waves that depend on it may then start.' })
  @IsString()
  @Length(1, 64)
  wave: string;
}

export class ControlResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ExecutionStatus })
  status: ExecutionStatus;
}
