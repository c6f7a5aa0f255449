import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';

import { EXECUTION_EVENT_PATTERN, ExecutionEventMessage } from '@drs/contracts';

import { EVENT_CLIENT } from './tokens';

/**
 * Publishes events that are already stored in Postgres. Pub/sub may lose a message; the status
 * service fills any gap in the sequence from Postgres, so a failed publish is logged, not thrown.
 */
@Injectable()
export class EventPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(EventPublisher.name);

  constructor(@Inject(EVENT_CLIENT) private readonly client: ClientProxy) {}

  async publish(events: ExecutionEventMessage[]): Promise<void> {
    // All PUBLISH commands leave at once, in sequence order on the one Redis connection, rather
    // than one round trip per event: the status service then receives a burst together and can
    // forward it in one write per client.
    await Promise.all(events.map((event) => this.publishOne(event)));
  }

  private async publishOne(event: ExecutionEventMessage): Promise<void> {
    try {
      await lastValueFrom(this.client.emit(EXECUTION_EVENT_PATTERN, event), { defaultValue: undefined });
    } catch (error) {
      this.logger.warn(
        `execution ${event.executionId}: event ${event.seq} (${event.type}) not published: ${(error as Error).message}`,
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.close();
  }
}
