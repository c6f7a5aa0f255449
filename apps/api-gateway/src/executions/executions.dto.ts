import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

import type {
  ExecutionEventMessage,
  ExecutionEventType,
  ExecutionServerView,
  ExecutionView,
  WaveRunView,
} from '@drs/contracts';
import { CleanupStatus, ExecutionMode, ExecutionStatus, ReadinessWarning } from '@drs/domain';

const MAX_PAGE_SIZE = 200;
const MAX_EVENTS_PER_PAGE = 1_000;

function enumMessage(field: string, values: object): string {
  return `${field} must be one of: ${Object.values(values).join(', ')}`;
}

export class StartExecutionInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'planId must be a UUID' })
  planId: string;

  @ApiProperty({
    enum: ExecutionMode,
    description: 'DRILL launches drill instances and leaves replication as it is',
  })
  @IsEnum(ExecutionMode, { message: enumMessage('mode', ExecutionMode) })
  mode: ExecutionMode;

  @ApiPropertyOptional({
    description: "The plan's name, repeated to confirm a RECOVERY (a real failover); not needed for a DRILL",
    example: 'orders-three-tier',
  })
  @IsOptional()
  @MaxLength(200)
  @IsString({ message: 'confirmPlanName must be a string' })
  confirmPlanName?: string;
}

export class StartExecutionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [ExecutionStatus.Pending] })
  status: ExecutionStatus;
}

export class ListExecutionsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'planId must be a UUID' })
  planId?: string;

  @ApiPropertyOptional({ enum: ExecutionStatus })
  @IsOptional()
  @IsEnum(ExecutionStatus, { message: enumMessage('status', ExecutionStatus) })
  status?: ExecutionStatus;

  @ApiPropertyOptional({ enum: ExecutionMode })
  @IsOptional()
  @IsEnum(ExecutionMode, { message: enumMessage('mode', ExecutionMode) })
  mode?: ExecutionMode;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  limit: number = 50;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Min(0)
  @IsInt()
  @Type(() => Number)
  offset: number = 0;
}

export class ServerCounts {
  @ApiProperty()
  total: number;

  @ApiProperty()
  launched: number;

  @ApiProperty()
  failed: number;
}

export class ExecutionSummary {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null once the plan was deleted',
  })
  planId: string | null;

  @ApiProperty()
  planName: string;

  @ApiProperty()
  planVersion: number;

  @ApiProperty({ enum: ExecutionMode })
  mode: ExecutionMode;

  @ApiProperty({ enum: ExecutionStatus })
  status: ExecutionStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ enum: CleanupStatus })
  cleanupStatus: CleanupStatus;

  @ApiProperty({
    type: ServerCounts,
    description: 'Zero until the planner has resolved the groups to servers',
  })
  serverCounts: ServerCounts;
}

export class ExecutionList {
  @ApiProperty({ type: [ExecutionSummary] })
  items: ExecutionSummary[];

  @ApiProperty({ description: 'Executions that match the filters, across all pages' })
  total: number;
}

export class ListEventsQuery {
  @ApiPropertyOptional({
    minimum: 0,
    default: 0,
    description: 'Return the events with a higher sequence number',
  })
  @IsOptional()
  @Min(0)
  @IsInt()
  @Type(() => Number)
  afterSeq: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_EVENTS_PER_PAGE, default: 500 })
  @IsOptional()
  @Max(MAX_EVENTS_PER_PAGE)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  limit: number = 500;
}

export class ExecutionEventResponse implements ExecutionEventMessage {
  @ApiProperty({ format: 'uuid' })
  executionId: string;

  @ApiProperty({ description: 'Sequence number, from 1, without gaps within one execution' })
  seq: number;

  @ApiProperty({ example: 'execution.created' })
  type: ExecutionEventType;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Shape depends on the type' })
  payload: ExecutionEventMessage['payload'];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class ExecutionEventList {
  @ApiProperty({ type: [ExecutionEventResponse] })
  items: ExecutionEventResponse[];
}

export class CleanupResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [CleanupStatus.Requested] })
  cleanupStatus: CleanupStatus;

  @ApiProperty({ description: 'Recovery instances launched by the drill and not yet terminated' })
  recoveryInstanceCount: number;
}

/** OpenAPI description of `ExecutionView`; `implements` keeps it in step with the contract. */
export class ExecutionServerViewResponse implements ExecutionServerView {
  @ApiProperty()
  sourceServerId: string;

  @ApiProperty({ type: String, nullable: true })
  hostname: string | null;

  @ApiProperty()
  accountId: string;

  @ApiProperty()
  region: string;

  @ApiProperty({ enum: ['WINDOWS', 'LINUX'] })
  osFamily: string;

  @ApiProperty()
  groupName: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ description: '1 for the first launch; each retry adds one' })
  attempt: number;

  @ApiProperty({ type: String, nullable: true })
  drsJobId: string | null;

  @ApiProperty({ type: String, nullable: true })
  recoveryInstanceId: string | null;

  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  launchRequestedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  launchStartedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  launchEndedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  instanceTerminatedAt: string | null;
}

export class WaveRunViewResponse implements WaveRunView {
  @ApiProperty()
  name: string;

  @ApiProperty()
  position: number;

  @ApiProperty()
  launchOrder: string;

  @ApiProperty({ type: [String] })
  dependsOn: string[];

  @ApiProperty({ enum: ['halt', 'continue'] })
  failurePolicy: string;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: String, nullable: true, description: 'Why the wave failed or was skipped' })
  statusReason: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: [ExecutionServerViewResponse] })
  servers: ExecutionServerViewResponse[];
}

export class ExecutionViewResponse implements ExecutionView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  planId: string | null;

  @ApiProperty()
  planName: string;

  @ApiProperty()
  planVersion: number;

  @ApiProperty({ enum: ExecutionMode })
  mode: string;

  @ApiProperty({ enum: ExecutionStatus })
  status: string;

  @ApiProperty({ type: String, nullable: true })
  statusReason: string | null;

  @ApiProperty({ enum: CleanupStatus })
  cleanupStatus: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endedAt: string | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  readinessWarnings: ReadinessWarning[];

  @ApiProperty({ description: 'Sequence number of the last event reflected here; apply only later events' })
  lastEventSeq: number;

  @ApiProperty({ type: [WaveRunViewResponse] })
  waves: WaveRunViewResponse[];
}
