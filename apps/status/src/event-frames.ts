import type { Socket } from 'socket.io';

import type { ExecutionEventMessage } from '@drs/contracts';

import type { StatusServer } from './execution-stream.service';

/** `PacketType.EVENT` of socket.io-parser, which this package does not import directly. */
const SOCKET_IO_EVENT_PACKET = 2;
/** Engine.IO packet type of a message, the prefix of every socket.io packet on the wire. */
const ENGINE_IO_MESSAGE_PREFIX = '4';

type EncodablePacket = Parameters<StatusServer['encoder']['encode']>[0];

/**
 * The parts of engine.io's WebSocket transport (engine.io 6.6) that decide whether it writes a
 * packet's `wsPreEncodedFrame` as it is. socket.io-adapter relies on the same path when it
 * broadcasts, but the fields are not in engine.io's type declarations.
 */
interface PreEncodedFrameTransport {
  name: string;
  opts?: { perMessageDeflate?: unknown };
  socket?: { _sender?: { sendFrame?: unknown } };
}

/**
 * Builds one unmasked WebSocket text frame (RFC 6455, section 5.2) that carries `text`. A server
 * never masks its frames, so the header is 2, 4 or 10 bytes followed by the UTF-8 payload.
 */
export function webSocketTextFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const length = payload.length;
  let headerLength = 10;
  if (length < 126) {
    headerLength = 2;
  } else if (length <= 0xffff) {
    headerLength = 4;
  }
  const frame = Buffer.allocUnsafe(headerLength + length);
  // FIN set, opcode 1 (text).
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  payload.copy(frame, headerLength);

  return frame;
}

/**
 * Encodes `events` as consecutive WebSocket frames, one `execution-event` socket.io packet per
 * frame, exactly as `emit` would put them on the wire. Returns null when the server's parser
 * does not produce one text packet per event (a custom or binary parser), so the caller emits
 * them one by one instead.
 */
export function encodeEventFrames(server: StatusServer, events: ExecutionEventMessage[]): Buffer | null {
  const frames: Buffer[] = [];
  for (const event of events) {
    const packet = {
      type: SOCKET_IO_EVENT_PACKET,
      nsp: server.sockets.name,
      data: ['execution-event', event],
    } as unknown as EncodablePacket;
    const encoded: unknown[] = server.encoder.encode(packet);
    if (encoded.length !== 1 || typeof encoded[0] !== 'string') {
      return null;
    }
    frames.push(webSocketTextFrame(ENGINE_IO_MESSAGE_PREFIX + encoded[0]));
  }

  return Buffer.concat(frames);
}

/**
 * Queues `frames` (from `encodeEventFrames`) on a client's connection as one engine.io packet,
 * so that they leave in one write, after anything already queued for the client and before
 * anything queued later. Returns false, and writes nothing, unless the client is connected over
 * WebSocket without per-message compression: only then does engine.io write a pre-encoded
 * frame unchanged, and a connection never leaves the WebSocket transport once on it.
 */
export function writePreEncodedFrames(client: Socket, frames: Buffer): boolean {
  const connection = client.conn;
  const transport = connection.transport as unknown as PreEncodedFrameTransport;
  const writesFramesUnchanged =
    transport.name === 'websocket' &&
    !transport.opts?.perMessageDeflate &&
    typeof transport.socket?._sender?.sendFrame === 'function';
  if (!client.connected || connection.readyState !== 'open' || !writesFramesUnchanged) {
    return false;
  }
  // engine.io writes `data` instead of the frame only when it cannot write the frame as it is,
  // which the checks above rule out. The frames stand in for `data` so that the packet is not empty.
  connection.write(frames, { wsPreEncodedFrame: [frames] } as never);

  return true;
}
