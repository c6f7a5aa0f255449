import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { ServerOptions } from 'socket.io';

/**
 * socket.io with CORS limited to the configured browser origins; clients without an Origin header
 * are unaffected. Per-message compression stays off (the engine.io default, set here because
 * `ExecutionStream` depends on it): with it, every frame is compressed for each client apart,
 * and pre-encoded event frames cannot be shared between clients.
 */
export class StatusSocketAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): unknown {
    return super.createIOServer(port, {
      ...options,
      perMessageDeflate: false,
      cors: { origin: this.corsOrigins, methods: ['GET', 'POST'] },
    } as ServerOptions);
  }
}
