import { randomUUID } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';

/** Name of the probe job; every worker of a queue handles it. */
export const LIVENESS_JOB = 'liveness-probe';

export interface LivenessReport {
  queue: string;
  alive: boolean;
  /** When a probe sent by this process last came out of the queue, or null if none has yet. */
  lastRoundTripAt: string | null;
  lastRoundTripMs: number | null;
}

/**
 * Proves that a job really travels through a queue: the process adds a probe job every
 * `intervalMs`; whichever worker takes it records the time in Redis under the sender's id, and
 * the sender reads that time back. A process whose probes stop coming back is not alive, even
 * when Redis and Postgres still answer.
 */
export class QueueLiveness {
  private readonly logger = new Logger(QueueLiveness.name);
  private readonly senderId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private sent = 0;
  private lastRoundTripMs: number | null = null;

  constructor(
    private readonly queue: Queue,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sendProbe(), this.intervalMs);
    void this.sendProbe();
  }

  stop(): void {
    if (this.timer) {
      clearInterval(this.timer);
    }
  }

  /** The job handler for probes, to be registered on the queue's worker. */
  readonly handleProbe = async (job: Job): Promise<void> => {
    const { senderId, sentAt } = job.data as { senderId: string; sentAt: number };
    const now = Date.now();
    await this.redis.set(
      this.keyOf(senderId),
      JSON.stringify({ at: now, roundTripMs: now - sentAt }),
      'PX',
      this.intervalMs * 10,
    );
  };

  async report(): Promise<LivenessReport> {
    const raw = await this.redis.get(this.keyOf(this.senderId));
    const stamp = raw ? (JSON.parse(raw) as { at: number; roundTripMs: number }) : null;
    this.lastRoundTripMs = stamp?.roundTripMs ?? this.lastRoundTripMs;
    // A probe is due every interval; three missed in a row means the queue or its workers are stuck.
    const alive = stamp !== null && Date.now() - stamp.at < this.intervalMs * 3;

    return {
      queue: this.queue.name,
      alive,
      lastRoundTripAt: stamp ? new Date(stamp.at).toISOString() : null,
      lastRoundTripMs: stamp?.roundTripMs ?? null,
    };
  }

  private async sendProbe(): Promise<void> {
    this.sent += 1;
    try {
      await this.queue.add(
        LIVENESS_JOB,
        { senderId: this.senderId, sentAt: Date.now() },
        {
          jobId: `liveness-${this.senderId}-${this.sent}`,
          removeOnComplete: true,
          removeOnFail: true,
          attempts: 1,
        },
      );
    } catch (error) {
      this.logger.warn(`queue ${this.queue.name}: liveness probe not sent: ${(error as Error).message}`);
    }
  }

  private keyOf(senderId: string): string {
    return `${this.prefix}:liveness:${this.queue.name}:${senderId}`;
  }
}
