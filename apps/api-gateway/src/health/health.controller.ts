import { Controller, Get, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { Public } from '../auth/roles.decorator';
import { ErrorBody } from '../common/error-body';
import { HealthResponse } from './health.dto';
import { HealthService } from './health.service';

/** Both paths are excluded from the global prefix in bootstrap.ts; probes use the short one. */
export const HEALTH_PATHS = ['health', 'api/v1/health'];

@ApiTags('health')
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get(HEALTH_PATHS)
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Report whether the gateway and its database respond' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiResponse({
    status: 503,
    description: 'Postgres did not respond (SERVICE_UNAVAILABLE)',
    type: ErrorBody,
  })
  check(): Promise<HealthResponse> {
    return this.health.check();
  }
}
