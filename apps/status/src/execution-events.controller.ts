import { Controller, Get, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';

import {
  EXECUTION_EVENT_BATCH_PATTERN,
  EXECUTION_EVENT_PATTERN,
  ExecutionEventMessage,
} from '@drs/contracts';

import { ExecutionStream } from './execution-stream.service';

@Controller()
export class ExecutionEventsController {
  private readonly logger = new Logger(ExecutionEventsController.name);

  constructor(
    private readonly stream: ExecutionStream,
    private readonly dataSource: DataSource,
  ) {}

  /** One event per message, as publishers of earlier versions send them. */
  @EventPattern(EXECUTION_EVENT_PATTERN)
  async onExecutionEvent(@Payload() event: ExecutionEventMessage): Promise<void> {
    await this.stream.onPublished(event);
  }

  @EventPattern(EXECUTION_EVENT_BATCH_PATTERN)
  async onExecutionEventBatch(@Payload() events: ExecutionEventMessage[]): Promise<void> {
    if (!Array.isArray(events)) {
      this.logger.warn(`ignored a message on ${EXECUTION_EVENT_BATCH_PATTERN}: expected an array of events`);
      return;
    }
    await Promise.all(events.map((event) => this.stream.onPublished(event)));
  }

  @Get('health')
  async health(): Promise<{ status: string }> {
    await this.dataSource.query('SELECT 1');

    return { status: 'ok' };
  }
}
