import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

import { IssuerUnavailableError, TokenRejectedError, TokenVerifier } from '@drs/auth';

import type { StatusServer } from './execution-stream.service';

/** setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days). */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Payload of `connect_error.data` that a client receives when its handshake is rejected. */
export interface HandshakeRejection {
  statusCode: number;
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'SERVICE_UNAVAILABLE';
  message: string;
}

function rejection(statusCode: number, code: HandshakeRejection['code'], message: string): Error {
  const error = new Error(message) as Error & { data: HandshakeRejection };
  error.data = { statusCode, code, message };

  return error;
}

/**
 * Accepts a socket.io handshake only with a valid access token in `auth.token`, the same tokens
 * the REST API accepts, and disconnects the socket when its token expires. Any role may watch.
 */
@Injectable()
export class SocketAuthenticator {
  private readonly logger = new Logger(SocketAuthenticator.name);

  constructor(private readonly verifier: TokenVerifier) {}

  attach(server: StatusServer): void {
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: Error) => next(error),
      );
    });
  }

  private async authenticate(socket: Socket): Promise<void> {
    const auth: unknown = socket.handshake.auth;
    const token = typeof auth === 'object' && auth !== null ? (auth as { token?: unknown }).token : undefined;
    const address = socket.handshake.address;
    if (typeof token !== 'string' || token === '') {
      throw rejection(401, 'UNAUTHENTICATED', 'Authentication required: send an access token in auth.token');
    }

    let caller;
    try {
      caller = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof TokenRejectedError) {
        // The reason names what failed; the token itself is never logged.
        this.logger.warn(`socket handshake from ${address} rejected: ${error.reason}`);
        throw rejection(401, 'UNAUTHENTICATED', `The access token was rejected: ${error.reason}`);
      }
      if (error instanceof IssuerUnavailableError) {
        this.logger.warn(`socket handshake from ${address}: ${error.message}`);
        throw rejection(
          503,
          'SERVICE_UNAVAILABLE',
          "The identity provider's key set could not be fetched; retry shortly",
        );
      }
      throw error;
    }
    if (caller.role === null) {
      throw rejection(403, 'FORBIDDEN', `${caller.name} has no role; any role may watch executions`);
    }

    socket.data.caller = caller;
    const timer = setTimeout(
      () => {
        this.logger.debug(`socket ${socket.id} of ${caller.name}: token expired, disconnecting`);
        socket.disconnect(true);
      },
      Math.min(Math.max(caller.expiresAt.getTime() - Date.now(), 0), MAX_TIMER_DELAY_MS),
    );
    socket.once('disconnect', () => clearTimeout(timer));
  }
}
