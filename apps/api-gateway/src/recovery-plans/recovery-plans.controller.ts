import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Role } from '@drs/domain';

import { RequireRole } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error-responses';
import { UUID_PARAM_PIPE } from '../common/validation';
import { RecoveryPlanInput, RecoveryPlanList, RecoveryPlanResponse } from './recovery-plans.dto';
import { RecoveryPlansService } from './recovery-plans.service';

@ApiTags('recovery-plans')
@Controller('recovery-plans')
export class RecoveryPlansController {
  constructor(private readonly plans: RecoveryPlansService) {}

  @Post()
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a recovery plan',
    description: 'Waves may depend on other waves by name; the dependencies must not form a cycle.',
  })
  @ApiCreatedResponse({ type: RecoveryPlanResponse })
  @ApiErrorResponses(400, 409, 422)
  create(@Body() input: RecoveryPlanInput): Promise<RecoveryPlanResponse> {
    return this.plans.create(input);
  }

  @Get()
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'List recovery plans by name, each with its last execution' })
  @ApiOkResponse({ type: RecoveryPlanList })
  list(): Promise<RecoveryPlanList> {
    return this.plans.list();
  }

  @Get(':id')
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Get a recovery plan with its waves and last execution' })
  @ApiOkResponse({ type: RecoveryPlanResponse })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UUID_PARAM_PIPE) id: string): Promise<RecoveryPlanResponse> {
    return this.plans.get(id);
  }

  @Put(':id')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace a recovery plan',
    description:
      'Replaces every field and all waves and increments the version. Running executions keep the version they started with.',
  })
  @ApiOkResponse({ type: RecoveryPlanResponse })
  @ApiErrorResponses(400, 404, 409, 422)
  update(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: RecoveryPlanInput,
  ): Promise<RecoveryPlanResponse> {
    return this.plans.update(id, input);
  }

  @Delete(':id')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a recovery plan',
    description:
      'Rejected while an execution of the plan is PENDING or RUNNING. Past executions keep their history.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  remove(@Param('id', UUID_PARAM_PIPE) id: string): Promise<void> {
    return this.plans.remove(id);
  }
}
