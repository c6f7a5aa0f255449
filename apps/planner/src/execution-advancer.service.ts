import { Injectable } from '@nestjs/common';

import { ExecutionEntity } from '@drs/persistence';
import { TransactionRunner } from '@drs/messaging';

import { WaveScheduler } from './wave-scheduler.service';

/** Runs the wave scheduler for one execution under its row lock. Safe to repeat. */
@Injectable()
export class ExecutionAdvancer {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly scheduler: WaveScheduler,
  ) {}

  async advance(executionId: string): Promise<void> {
    await this.transactions.run(async (unit) => {
      const execution = await unit.manager.findOne(ExecutionEntity, {
        where: { id: executionId },
        lock: { mode: 'for_no_key_update' },
      });
      if (execution) {
        await this.scheduler.advance(unit, execution);
      }
    });
  }
}
