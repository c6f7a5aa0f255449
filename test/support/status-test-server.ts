import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { io, Socket } from 'socket.io-client';

import { AppConfig, nestLogLevels } from '@drs/config';

import { StatusSocketAdapter } from '../../apps/status/src/status-socket.adapter';
import { StatusModule } from '../../apps/status/src/status.module';

export interface StatusTestServer {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Starts the status service in-process on a free loopback port, with the API's configuration and database. */
export async function startStatusTestServer(config: AppConfig): Promise<StatusTestServer> {
  // Nest's log levels are global to the process, so the API's level is kept.
  const app = await NestFactory.create(StatusModule.forRoot(config), {
    logger: nestLogLevels(config.logLevel),
  });
  app.useWebSocketAdapter(new StatusSocketAdapter(app, config.corsOrigins));
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;

  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export type HandshakeResult =
  | { connected: true; socket: Socket }
  | { connected: false; message: string; data: { statusCode?: number; code?: string } | undefined };

/** Opens a socket without reconnection and reports whether the handshake was accepted. */
export function connectSocket(url: string, auth?: Record<string, unknown>): Promise<HandshakeResult> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, auth, timeout: 5_000 });

  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ connected: true, socket }));
    socket.once('connect_error', (error: Error & { data?: { statusCode?: number; code?: string } }) => {
      socket.close();
      resolve({ connected: false, message: error.message, data: error.data });
    });
  });
}
