import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { ExecutionMode, ExecutionStatus, FailurePolicy, LaunchOrder } from '@drs/domain';

import { NamedRef } from '../common/named-ref.dto';

export const MAX_WAVES_PER_PLAN = 50;
const MAX_GROUPS_PER_WAVE = 100;
/** One year; an RPO above it would never flag a lagging server. */
const MAX_RPO_SECONDS = 31_536_000;

export class WaveInput {
  @ApiProperty({ minLength: 1, maxLength: 64, example: 'Database' })
  @Length(1, 64)
  @IsString()
  name: string;

  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_GROUPS_PER_WAVE,
    uniqueItems: true,
  })
  @IsUUID('all', { each: true, message: 'each value in protectionGroupIds must be a UUID' })
  @ArrayUnique({ message: 'protectionGroupIds must not list a group more than once' })
  @ArrayMaxSize(MAX_GROUPS_PER_WAVE)
  @ArrayMinSize(1)
  @IsArray()
  protectionGroupIds: string[];

  @ApiProperty({
    enum: LaunchOrder,
    description: "parallel: all servers together; sequential: one after another in the groups' boot order",
  })
  @IsEnum(LaunchOrder, { message: `launchOrder must be one of: ${Object.values(LaunchOrder).join(', ')}` })
  launchOrder: LaunchOrder;

  @ApiPropertyOptional({
    type: [String],
    description: 'Names of the waves that must succeed first',
    example: [],
  })
  @IsOptional()
  @Length(1, 64, { each: true })
  @IsString({ each: true })
  @ArrayUnique({ message: 'dependsOn must not list a wave more than once' })
  @ArrayMaxSize(MAX_WAVES_PER_PLAN)
  @IsArray()
  dependsOn?: string[];

  @ApiPropertyOptional({
    enum: FailurePolicy,
    default: FailurePolicy.Halt,
    description:
      'halt: the execution stops for the operator when this wave fails; continue: dependents start anyway',
  })
  @IsOptional()
  @IsEnum(FailurePolicy, {
    message: `failurePolicy must be one of: ${Object.values(FailurePolicy).join(', ')}`,
  })
  failurePolicy?: FailurePolicy;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    default: 100,
    description: 'Share of servers, in percent, that must launch',
  })
  @IsOptional()
  @Max(100)
  @Min(0)
  @IsInt()
  minSuccessPercent?: number;

  @ApiPropertyOptional({
    type: [String],
    description: 'Servers whose failure alone does not fail the wave; every other server is critical',
    example: [],
  })
  @IsOptional()
  @Matches(/^s-[0-9a-zA-Z]{17}$/, {
    each: true,
    message: 'each value in optionalServerIds must look like s-0123456789abcdef0',
  })
  @ArrayUnique()
  @ArrayMaxSize(1000)
  @IsArray()
  optionalServerIds?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    description: 'Seconds a started wave may take; servers not final by then count as failed',
  })
  @IsOptional()
  @Max(7 * 24 * 3600)
  @Min(1)
  @IsInt()
  deadlineSeconds?: number;
}

/** Body of POST and PUT; a PUT replaces every field and all waves, and increments the version. */
export class RecoveryPlanInput {
  @ApiProperty({ minLength: 1, maxLength: 128, example: 'orders' })
  @Length(1, 128)
  @IsString()
  name: string;

  @ApiPropertyOptional({ maxLength: 2_000 })
  @IsOptional()
  @MaxLength(2_000)
  @IsString()
  description?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RPO_SECONDS,
    description:
      'Replication lag above which a server gets a readiness warning; the server default applies when unset',
    example: 300,
  })
  @IsOptional()
  @Max(MAX_RPO_SECONDS)
  @Min(1)
  @IsInt()
  rpoSeconds?: number;

  @ApiProperty({ type: [WaveInput], minItems: 1, maxItems: MAX_WAVES_PER_PLAN })
  @ValidateNested({ each: true })
  @ArrayMaxSize(MAX_WAVES_PER_PLAN)
  @ArrayMinSize(1)
  @IsArray()
  @Type(() => WaveInput)
  waves: WaveInput[];
}

export class PlanWaveResponse {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Order in the plan, from 0' })
  position: number;

  @ApiProperty({ enum: LaunchOrder })
  launchOrder: LaunchOrder;

  @ApiProperty({ type: [String] })
  dependsOn: string[];

  @ApiProperty({ enum: FailurePolicy })
  failurePolicy: FailurePolicy;

  @ApiProperty()
  minSuccessPercent: number;

  @ApiProperty({ type: [String] })
  optionalServerIds: string[];

  @ApiProperty({ type: Number, nullable: true })
  deadlineSeconds: number | null;

  @ApiProperty({ type: [NamedRef] })
  protectionGroups: NamedRef[];
}

export class LastExecutionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ExecutionMode })
  mode: ExecutionMode;

  @ApiProperty({ enum: ExecutionStatus })
  status: ExecutionStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class RecoveryPlanResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: Number, nullable: true })
  rpoSeconds: number | null;

  @ApiProperty({ description: 'Starts at 1; every update increments it' })
  version: number;

  @ApiProperty({ type: [PlanWaveResponse] })
  waves: PlanWaveResponse[];

  @ApiProperty({ type: LastExecutionResponse, nullable: true })
  lastExecution: LastExecutionResponse | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class RecoveryPlanList {
  @ApiProperty({ type: [RecoveryPlanResponse] })
  items: RecoveryPlanResponse[];
}
