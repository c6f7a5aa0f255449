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
import { ProtectionGroupInput, ProtectionGroupList, ProtectionGroupResponse } from './protection-groups.dto';
import { ProtectionGroupsService } from './protection-groups.service';

@ApiTags('protection-groups')
@Controller('protection-groups')
export class ProtectionGroupsController {
  constructor(private readonly groups: ProtectionGroupsService) {}

  @Post()
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create a protection group',
    description:
      'A server may belong to one group only, whether listed explicitly or matched by a tag selector.',
  })
  @ApiCreatedResponse({ type: ProtectionGroupResponse })
  @ApiErrorResponses(400, 409, 503)
  create(@Body() input: ProtectionGroupInput): Promise<ProtectionGroupResponse> {
    return this.groups.create(input);
  }

  @Get()
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'List protection groups by name' })
  @ApiOkResponse({ type: ProtectionGroupList })
  list(): Promise<ProtectionGroupList> {
    return this.groups.list();
  }

  @Get(':id')
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Get a protection group with the plans that use it' })
  @ApiOkResponse({ type: ProtectionGroupResponse })
  @ApiErrorResponses(400, 404)
  get(@Param('id', UUID_PARAM_PIPE) id: string): Promise<ProtectionGroupResponse> {
    return this.groups.get(id);
  }

  @Put(':id')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Replace a protection group',
    description: 'Replaces every field and the member list.',
  })
  @ApiOkResponse({ type: ProtectionGroupResponse })
  @ApiErrorResponses(400, 404, 409, 503)
  update(
    @Param('id', UUID_PARAM_PIPE) id: string,
    @Body() input: ProtectionGroupInput,
  ): Promise<ProtectionGroupResponse> {
    return this.groups.update(id, input);
  }

  @Delete(':id')
  @RequireRole(Role.Operator)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a protection group that no plan uses' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(400, 404, 409)
  remove(@Param('id', UUID_PARAM_PIPE) id: string): Promise<void> {
    return this.groups.remove(id);
  }
}
