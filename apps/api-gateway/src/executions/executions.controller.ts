import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import type { Caller } from '@drs/auth';
import { Role } from '@drs/domain';

import { CurrentCaller } from '../auth/current-caller.decorator';
import { RequireRole } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error-responses';
import { UUID_PARAM_PIPE } from '../common/validation';
import {
  CleanupResponse,
  ExecutionEventList,
  ExecutionList,
  ExecutionViewResponse,
  ListEventsQuery,
  ListExecutionsQuery,
  StartExecutionInput,
  StartExecutionResponse,
} from './executions.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@Controller('executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Post()
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Start a drill or a recovery of a plan',
    description:
      'Records the execution as PENDING with a snapshot of the plan and hands it to the planner. ' +
      'Rejected while the plan, or a server of it, is in another PENDING or RUNNING execution. ' +
      'A DRILL needs role operator; a RECOVERY needs recovery-admin and the plan name in confirmPlanName.',
  })
  @ApiAcceptedResponse({ type: StartExecutionResponse })
  @ApiErrorResponses(400, 404, 409, 422)
  start(
    @Body() input: StartExecutionInput,
    @CurrentCaller() caller: Caller,
  ): Promise<StartExecutionResponse> {
    return this.executions.start(input, caller);
  }

  @Get()
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'List executions, newest first' })
  @ApiOkResponse({ type: ExecutionList })
  @ApiErrorResponses(400)
  list(@Query() query: ListExecutionsQuery): Promise<ExecutionList> {
    return this.executions.list(query);
  }

  @Get(':id')
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Get an execution with its waves and servers',
    description:
      'The view and `lastEventSeq` come from one snapshot of the database; apply only later events to it.',
  })
  @ApiOkResponse({ type: ExecutionViewResponse })
  @ApiErrorResponses(400, 404)
  async get(@Param('id', UUID_PARAM_PIPE) id: string, @Res() response: Response): Promise<void> {
    const view = await this.executions.getViewJson(id);
    // Postgres built the JSON already, so it is sent as it is instead of being parsed and serialized again.
    response
      .status(HttpStatus.OK)
      .setHeader('Content-Type', 'application/json; charset=utf-8')
      .setHeader('ETag', view.etag);
    response.send(view.json);
  }

  @Get(':id/events')
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'List the events of an execution in sequence order, after a given sequence number',
  })
  @ApiOkResponse({ type: ExecutionEventList })
  @ApiErrorResponses(400, 404)
  listEvents(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Query() query: ListEventsQuery,
  ): Promise<ExecutionEventList> {
    return this.executions.listEvents(id, query);
  }

  @Post(':id/cleanup')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Terminate the recovery instances of a finished drill',
    description: 'Only for a DRILL that has ended and whose cleanup was not requested yet or failed.',
  })
  @ApiAcceptedResponse({ type: CleanupResponse })
  @ApiErrorResponses(400, 404, 409)
  requestCleanup(@Param('id', UUID_PARAM_PIPE) id: string): Promise<CleanupResponse> {
    return this.executions.requestCleanup(id);
  }
}
