import { Controller, Get } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';

import { EXECUTION_EVENT_PATTERN, ExecutionEventMessage } from '@drs/contracts';

import { ExecutionStream } from './execution-stream.service';

@Controller()
export class ExecutionEventsController {
  constructor(
    private readonly stream: ExecutionStream,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(EXECUTION_EVENT_PATTERN)
  async onExecutionEvent(@Payload() event: ExecutionEventMessage): Promise<void> {
    await this.stream.onPublished(event);
  }

  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.dataSource.query('SELECT 1');

    return { status: 'ok' };
  }
}
