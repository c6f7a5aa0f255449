import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ControlApi } from './control-api';
import {
  DrsApiError,
  internalServerError,
  requestValidationError,
  UNMODELLED_EXCEPTION_STATUS,
  unknownOperationError,
} from './errors';
import { isJsonObject, JsonObject, JsonValue } from './json';
import { EmulatorLogger } from './logger';
import { DrsModel } from './model';
import { bindRequestInput, operationHasBody, pruneToShape } from './serialization';
import { DrsService, ExecutionResult } from './service';

/** Larger bodies are rejected; the largest valid DRS request (1,000 job ids) is far below this. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

interface RequestBody {
  text: string;
  tooLarge: boolean;
}

/**
 * The restJson1 front of the emulator: routes `POST /<Operation>` and the other bindings of the
 * model to the service, writes successes with the model's status code, and writes every error
 * the way DRS does, with `x-amzn-ErrorType` and the exception's modelled members.
 *
 * A path that matches no operation returns 404 with `x-amzn-ErrorType: UnknownOperationException`,
 * which the SDK raises as a DrsServiceException of that name.
 */
export class EmulatorHttpServer {
  private readonly server: Server;
  private readonly unansweredResponses = new Set<ServerResponse>();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly model: DrsModel,
    private readonly service: DrsService,
    private readonly control: ControlApi,
    private readonly logger: EmulatorLogger,
  ) {
    this.server = createServer((request, response) => {
      const requestId = randomUUID();
      this.handle(request, response, requestId).catch((error: unknown) =>
        this.failUnexpectedly(response, requestId, error),
      );
    });
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** Stops listening and drops open connections, including requests held by a hang fault. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise((resolve) => {
        this.server.close(() => resolve());
        for (const response of this.unansweredResponses) {
          response.destroy();
        }
        this.unansweredResponses.clear();
        this.server.closeAllConnections();
      });
    }

    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const body = await readBody(request);

    const controlResponse = this.control.handle(method, url.pathname, body.text);
    if (controlResponse) {
      writeJson(response, controlResponse.status, controlResponse.body, { 'x-amzn-RequestId': requestId });
      return;
    }

    const match = this.model.matchRoute(method, url.pathname);
    if (!match) {
      this.logger.log(`request ${requestId}: no operation is bound to ${method} ${url.pathname}`);
      this.writeError(response, requestId, unknownOperationError(method, url.pathname));
      return;
    }

    const { operation } = match;
    // Drawn on arrival, before the operation runs, so latency draws follow the order of requests.
    const delayMs = this.service.drawLatencyMs(operation.name);
    const expectsBody = operationHasBody(this.model, operation);
    let result: ExecutionResult;
    try {
      result = this.service.execute({
        operation,
        authorization: request.headers.authorization,
        readInput: () => {
          if (body.tooLarge) {
            throw requestValidationError(
              'cannotParse',
              `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
            );
          }

          return bindRequestInput(this.model, operation, {
            pathLabels: match.pathLabels,
            query: url.searchParams,
            headers: request.headers,
            body: expectsBody ? parseJsonBody(body.text) : {},
          });
        },
      });
    } catch (error) {
      if (error instanceof DrsApiError) {
        await this.delay(response, delayMs);
        this.writeError(response, requestId, error);
        return;
      }
      throw error;
    }

    if (result.kind === 'hang') {
      this.holdUnanswered(response);
      return;
    }
    if (result.kind === 'drop') {
      this.logger.log(`request ${requestId}: ${operation.name} connection dropped by an injected fault`);
      request.socket.destroy();
      return;
    }

    await this.delay(response, delayMs);
    writeJson(response, result.status, result.body ?? {}, { 'x-amzn-RequestId': requestId });
  }

  /** Keeps the response open until the client gives up or the emulator closes. */
  private holdUnanswered(response: ServerResponse): void {
    this.unansweredResponses.add(response);
    response.on('close', () => this.unansweredResponses.delete(response));
  }

  /** Waits out an injected latency; close() ends the wait by destroying the response. */
  private async delay(response: ServerResponse, delayMs: number): Promise<void> {
    if (delayMs <= 0) {
      return;
    }

    this.holdUnanswered(response);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, delayMs);
      response.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.unansweredResponses.delete(response);
  }

  private writeError(response: ServerResponse, requestId: string, error: DrsApiError): void {
    const name = error.exceptionName;
    const shape = this.model.hasShape(name) ? this.model.shape(name) : undefined;
    const headers: OutgoingHttpHeaders = { 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': name };

    if (!shape?.exception || !shape.error) {
      writeJson(response, UNMODELLED_EXCEPTION_STATUS[name] ?? 400, { message: error.message }, headers);
      return;
    }

    const members: JsonObject = {};
    for (const [key, value] of Object.entries(error.members)) {
      if (value !== undefined) {
        members[key] = value;
      }
    }
    members.message = error.message;
    // DRS errors carry a `code` member. Its real values are undocumented; the exception name keeps
    // the SDK's fallback (which reads `code` when the header is missing) on the right class.
    if (shape.members?.code && members.code === undefined) {
      members.code = name;
    }

    for (const [memberName, reference] of Object.entries(shape.members ?? {})) {
      if (reference.location === 'header' && members[memberName] !== undefined) {
        headers[reference.locationName ?? memberName] = String(members[memberName]);
      }
    }

    writeJson(response, shape.error.httpStatusCode, pruneToShape(this.model, name, members) ?? {}, headers);
  }

  private failUnexpectedly(response: ServerResponse, requestId: string, error: unknown): void {
    this.logger.error(
      `request ${requestId}: unexpected failure, responded with InternalServerException`,
      error,
    );
    if (response.headersSent) {
      response.destroy();
      return;
    }

    this.writeError(
      response,
      requestId,
      internalServerError(`The emulator failed unexpectedly; see its log for request ${requestId}.`, 1),
    );
  }
}

function parseJsonBody(text: string): JsonObject {
  if (text.trim() === '') {
    return {};
  }

  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw requestValidationError(
      'cannotParse',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }

  if (!isJsonObject(parsed)) {
    throw requestValidationError('cannotParse', 'The request body must be a JSON object.');
  }

  return parsed;
}

function readBody(request: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;

    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Keep reading so the client gets the error response instead of a reset connection.
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () =>
      resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }),
    );
    request.on('error', reject);
  });
}

function writeJson(
  response: ServerResponse,
  status: number,
  body: JsonValue,
  headers: OutgoingHttpHeaders,
): void {
  // A response closed while it waited out a latency fault (client timeout, emulator closing).
  if (response.destroyed || response.socket?.destroyed) {
    return;
  }
  if (status === 204) {
    response.writeHead(status, headers);
    response.end();
    return;
  }

  const text = JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
