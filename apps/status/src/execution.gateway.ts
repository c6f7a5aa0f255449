import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { DataSource } from 'typeorm';

import type {
  StatusClientToServerEvents,
  StatusServerToClientEvents,
  SubscribeAck,
  SubscribeRequest,
} from '@drs/contracts';
import { loadConsistentExecutionView } from '@drs/persistence';

import { ExecutionStream, roomOf, StatusServer } from './execution-stream.service';
import { SocketAuthenticator } from './socket-authenticator';

type StatusSocket = Socket<StatusClientToServerEvents, StatusServerToClientEvents>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A client subscribes to an execution and receives a snapshot, then every later event in
 * sequence order. The client joins the room before the snapshot is read, so no event that
 * commits after the snapshot can be missed; events the snapshot already holds carry a lower
 * sequence and are ignored by the client.
 */
// CORS is set from CORS_ORIGINS by the socket.io adapter in main.ts.
@WebSocketGateway()
export class ExecutionGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger(ExecutionGateway.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly stream: ExecutionStream,
    private readonly authenticator: SocketAuthenticator,
  ) {}

  afterInit(server: StatusServer): void {
    this.authenticator.attach(server);
    this.stream.attach(server);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: StatusSocket,
    @MessageBody() request: SubscribeRequest,
  ): Promise<SubscribeAck> {
    const executionId = request?.executionId;
    if (typeof executionId !== 'string' || !UUID.test(executionId)) {
      return { ok: false, code: 'VALIDATION_FAILED', message: 'executionId must be a UUID' };
    }

    await socket.join(roomOf(executionId));
    const snapshot = await loadConsistentExecutionView(this.dataSource.manager, executionId);
    if (!snapshot) {
      await socket.leave(roomOf(executionId));
      return { ok: false, code: 'NOT_FOUND', message: `Execution ${executionId} not found` };
    }
    this.stream.watch(executionId, snapshot.lastEventSeq);
    socket.emit('snapshot', snapshot);
    this.logger.debug(
      `socket ${socket.id}: subscribed to execution ${executionId} at event ${snapshot.lastEventSeq}`,
    );

    return { ok: true, lastEventSeq: snapshot.lastEventSeq };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: StatusSocket,
    @MessageBody() request: SubscribeRequest,
  ): Promise<void> {
    if (typeof request?.executionId === 'string') {
      await socket.leave(roomOf(request.executionId));
    }
  }

  handleDisconnect(): void {
    this.stream.forgetEmptyRooms();
  }
}
