import { Controller, Get, HttpCode, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Role } from '@drs/domain';

import { RequireRole } from '../auth/roles.decorator';
import { ApiErrorResponses } from '../common/api-error-responses';
import { AuditRecordList, ListAuditRecordsQuery } from './audit.dto';
import { AuditService } from './audit.service';

/** Read-only on purpose: the trail is append-only, so there is no route to change or remove a record. */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole(Role.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'List audit records, newest first',
    description:
      'One record per mutating call and per refused access: who, what, which target, when, from where, outcome.',
  })
  @ApiOkResponse({ type: AuditRecordList })
  @ApiErrorResponses(400)
  list(@Query() query: ListAuditRecordsQuery): Promise<AuditRecordList> {
    return this.audit.list(query);
  }
}
