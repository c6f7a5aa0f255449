import { Controller, Get, HttpCode, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Role } from '@drs/domain';

import { RequireRole } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ListSourceServersQuery, SourceServerList } from './source-servers.dto';
import { SourceServersService } from './source-servers.service';

@ApiTags('drs')
@Controller('drs/source-servers')
export class SourceServersController {
  constructor(private readonly sourceServers: SourceServersService) {}

  @Get()
  @RequireRole(Role.Viewer)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'List the source servers DRS replicates',
    description:
      'Reads every configured account and Region (or the one asked for) and names the group of each server.',
  })
  @ApiOkResponse({ type: SourceServerList })
  @ApiErrorResponses(400, 503)
  list(@Query() query: ListSourceServersQuery): Promise<SourceServerList> {
    return this.sourceServers.list(query);
  }
}
