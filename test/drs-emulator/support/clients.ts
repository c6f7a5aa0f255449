import { DrsClient } from '@aws-sdk/client-drs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Readable } from 'node:stream';

/** Account 123456789012, as the emulator reads it from the access key id. */
export const ACCESS_KEY_ID = 'AKIA123456789012EMUL';

/**
 * @smithy/node-http-handler 2.5.0 starts a socket-usage warning timer of requestTimeout +
 * connectionTimeout (3 s by default) per request and clears it only on success, so after a
 * dropped connection it keeps Jest waiting. These timeouts end it within 0.9 s; every emulator
 * response in these tests arrives well within them.
 */
const HANDLER_OPTIONS = { requestTimeout: 800, connectionTimeout: 100 };

/** One HTTP exchange as it went over the wire, before the SDK parsed it. */
export interface CapturedExchange {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  bodyText: string;
}

/**
 * The SDK's own HTTP handler, keeping a copy of every response body. The SDK drops unknown
 * top-level members when it parses a response, so only the raw body shows them.
 */
export class CapturingHttpHandler extends NodeHttpHandler {
  readonly exchanges: CapturedExchange[] = [];

  constructor() {
    super(HANDLER_OPTIONS);
  }

  override async handle(
    ...args: Parameters<NodeHttpHandler['handle']>
  ): ReturnType<NodeHttpHandler['handle']> {
    const [request] = args;
    const { response } = await super.handle(...args);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as Readable) {
      chunks.push(Buffer.from(chunk as Buffer));
    }
    const body = Buffer.concat(chunks);

    this.exchanges.push({
      method: request.method,
      path: request.path,
      status: response.statusCode,
      headers: { ...response.headers },
      bodyText: body.toString('utf8'),
    });
    response.body = Readable.from([body]);

    return { response };
  }

  /** Returns the last exchange, for the call that just finished. */
  last(): CapturedExchange {
    const exchange = this.exchanges[this.exchanges.length - 1];
    if (!exchange) {
      throw new Error('no HTTP exchange was captured');
    }

    return exchange;
  }
}

export interface ClientOptions {
  accessKeyId?: string;
  region?: string;
  requestHandler?: NodeHttpHandler;
}

/** Creates a client with one attempt per call, so every error reaches the test as it was sent. */
export function createDrsClient(url: string, options: ClientOptions = {}): DrsClient {
  return new DrsClient({
    endpoint: url,
    region: options.region ?? 'us-east-1',
    credentials: { accessKeyId: options.accessKeyId ?? ACCESS_KEY_ID, secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: options.requestHandler ?? new NodeHttpHandler(HANDLER_OPTIONS),
  });
}

/** Any command of the DRS client, for helpers that pick the command at run time. */
export interface DrsCommand {
  readonly input: object;
}

/**
 * Sends a command picked at run time. DrsClient.send has one typed overload per command, and a
 * command whose type is only known at run time matches none of them.
 */
export async function sendCommand(client: DrsClient, command: DrsCommand): Promise<Record<string, unknown>> {
  return (await client.send(command as never)) as unknown as Record<string, unknown>;
}

/** Resolves with the rejection of `promise`; fails when it succeeds instead. */
export async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded, but an error was expected');
}

/** Returns a SigV4 header as the SDK sends it. The emulator reads its scope and ignores the signature. */
export function fakeAuthorization(accessKeyId = ACCESS_KEY_ID, region = 'us-east-1'): string {
  return (
    `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20261201/${region}/drs/aws4_request, ` +
    'SignedHeaders=host;x-amz-date, Signature=0000'
  );
}

/** Calls the control API and returns its status and JSON body. */
export async function control(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/__emulator/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

  return { status: response.status, body: await response.json() };
}
