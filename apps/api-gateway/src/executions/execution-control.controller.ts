import { Body, Controller, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import type { Caller } from '@drs/auth';
import { Role } from '@drs/domain';

import { CurrentCaller } from '../auth/current-caller.decorator';
import { RequireRole } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error-responses';
import { UUID_PARAM_PIPE } from '../common/validation';
import { ControlReasonInput, ControlResponse, RetryInput, SkipWaveInput } from './execution-control.dto';
import { ExecutionControlService } from './execution-control.service';

@ApiTags('executions')
@Controller('executions')
export class ExecutionControlController {
  constructor(private readonly control: ExecutionControlService) {}

  @Post(':id/cancel')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Cancel an execution',
    description:
      'No StartRecovery is sent after the response. Servers not yet sent to DRS are SKIPPED; DRS jobs in ' +
      'flight are tracked to their end. A drill can then be cleaned up.',
  })
  @ApiOkResponse({ type: ControlResponse })
  @ApiErrorResponses(400, 404, 409)
  cancel(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: ControlReasonInput,
    @CurrentCaller() caller: Caller,
  ): Promise<ControlResponse> {
    return this.control.cancel(id, input.reason, caller);
  }

  @Post(':id/pause')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Pause a running execution between batches and waves',
    description: 'Batches already at DRS continue and are tracked; no new batch or wave starts until resume.',
  })
  @ApiOkResponse({ type: ControlResponse })
  @ApiErrorResponses(400, 404, 409)
  pause(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: ControlReasonInput,
    @CurrentCaller() caller: Caller,
  ): Promise<ControlResponse> {
    return this.control.pause(id, input.reason, caller);
  }

  @Post(':id/resume')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Resume a paused execution' })
  @ApiOkResponse({ type: ControlResponse })
  @ApiErrorResponses(400, 404, 409)
  resume(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: ControlReasonInput,
    @CurrentCaller() caller: Caller,
  ): Promise<ControlResponse> {
    return this.control.resume(id, input.reason, caller);
  }

  @Post(':id/retry')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Launch FAILED servers again',
    description: 'Each retried server starts a new attempt in a new DRS job; a halted execution runs again.',
  })
  @ApiOkResponse({ type: ControlResponse })
  @ApiErrorResponses(400, 404, 409)
  retry(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: RetryInput,
    @CurrentCaller() caller: Caller,
  ): Promise<ControlResponse> {
    return this.control.retry(id, input, caller);
  }

  @Post(':id/skip-wave')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Skip a PENDING or FAILED wave',
    description: 'The waves that depend on it may then start; a halted execution runs again.',
  })
  @ApiOkResponse({ type: ControlResponse })
  @ApiErrorResponses(400, 404, 409)
  skipWave(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: SkipWaveInput,
    @CurrentCaller() caller: Caller,
  ): Promise<ControlResponse> {
    return this.control.skipWave(id, input, caller);
  }
}
