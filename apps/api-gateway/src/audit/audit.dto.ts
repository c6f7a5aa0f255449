import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { AuditOutcome } from './audit-recorder';

const MAX_PAGE_SIZE = 500;

export class ListAuditRecordsQuery {
  @ApiPropertyOptional({ description: 'Name of the caller' })
  @IsOptional()
  @MaxLength(200)
  @IsString()
  actor?: string;

  @ApiPropertyOptional({ example: 'executions.start' })
  @IsOptional()
  @MaxLength(200)
  @IsString()
  action?: string;

  @ApiPropertyOptional({ example: 'executions' })
  @IsOptional()
  @MaxLength(200)
  @IsString()
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @MaxLength(200)
  @IsString()
  targetId?: string;

  @ApiPropertyOptional({ enum: AuditOutcome })
  @IsOptional()
  @IsEnum(AuditOutcome, { message: `outcome must be one of: ${Object.values(AuditOutcome).join(', ')}` })
  outcome?: AuditOutcome;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Records at or after this time' })
  @IsOptional()
  @IsDate({ message: 'from must be a date-time such as 2026-12-04T10:00:00Z' })
  @Type(() => Date)
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Records before this time' })
  @IsOptional()
  @IsDate({ message: 'to must be a date-time such as 2026-12-04T10:00:00Z' })
  @Type(() => Date)
  to?: Date;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 100 })
  @IsOptional()
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  limit: number = 100;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Min(0)
  @IsInt()
  @Type(() => Number)
  offset: number = 0;
}

export class AuditRecordResponse {
  @ApiProperty({ description: 'Increases with every record' })
  id: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: string;

  @ApiProperty({ type: String, nullable: true, description: 'Null for an anonymous caller' })
  actor: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorRole: string | null;

  @ApiProperty({ type: String, nullable: true })
  actorIssuer: string | null;

  @ApiProperty({ example: 'executions.start' })
  action: string;

  @ApiProperty({ type: String, nullable: true, example: 'executions' })
  targetType: string | null;

  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;

  @ApiProperty()
  method: string;

  @ApiProperty()
  path: string;

  @ApiProperty({ description: 'Client address as the API saw it (see TRUST_PROXY_HOPS)' })
  sourceAddress: string;

  @ApiProperty({ enum: AuditOutcome })
  outcome: AuditOutcome;

  @ApiProperty()
  statusCode: number;

  @ApiProperty({ type: String, nullable: true })
  errorCode: string | null;

  @ApiProperty({ type: String, nullable: true })
  message: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
}

export class AuditRecordList {
  @ApiProperty({ type: [AuditRecordResponse] })
  items: AuditRecordResponse[];

  @ApiProperty({ description: 'Records that match the filters, across all pages' })
  total: number;
}
