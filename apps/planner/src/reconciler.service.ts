import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '@drs/config';
import { OutboxRelay } from '@drs/messaging';

/** An outbox row older than this was committed but its relay never ran (the writer crashed). */
const OUTBOX_GRACE_MS = 2_000;

/**
 * Rebuilds queue work from Postgres, the source of truth: outbox rows that never reached
 * BullMQ are sent again. BullMQ drops a job whose id it already holds, so a repeat is harmless.
 */
@Injectable()
export class Reconciler implements OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.reconcileOnce().finally(() => (this.running = null));
      }
    }, this.config.planner.reconcileIntervalMs);
  }

  async reconcileOnce(): Promise<void> {
    try {
      await this.relay.republishPending(OUTBOX_GRACE_MS);
    } catch (error) {
      this.logger.warn(`reconcile pass failed: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running;
  }
}
