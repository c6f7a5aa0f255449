import {
  DrsClient,
  ListStagingAccountsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-drs';
import { createDrsEmulator, DrsEmulator } from '../../apps/drs-emulator/src';

const SERVER_ARN = 'arn:aws:drs:us-east-1:123456789012:source-server/s-3c1730a9e0771ea14';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// A SigV4 header as the SDK sends it; the emulator reads the scope and ignores the signature.
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIA123456789012EMUL/20261201/us-east-1/drs/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=0000';

interface ErrorBody {
  message?: string;
  reason?: string;
}

async function readErrorBody(response: Response): Promise<ErrorBody> {
  return (await response.json()) as ErrorBody;
}

describe('DRS emulator wire format', () => {
  let emulator: DrsEmulator;

  beforeEach(async () => {
    emulator = await createDrsEmulator({ port: 0 });
  });

  afterEach(async () => {
    await emulator.close();
  });

  function post(path: string, body: string): Promise<Response> {
    return fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body,
    });
  }

  it('answers success with JSON and a request id', async () => {
    const response = await post('/DescribeJobs', '{}');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect(await response.json()).toEqual({ items: [] });
  });

  it('answers an unknown operation with 404 UnknownOperationException', async () => {
    const response = await post('/DescribeEverything', '{}');

    expect(response.status).toBe(404);
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(response.headers.get('x-amzn-requestid')).toMatch(UUID);
    expect((await readErrorBody(response)).message).toContain('POST /DescribeEverything');
  });

  it('answers malformed JSON with ValidationException cannotParse', async () => {
    const response = await post('/DescribeJobs', '{"filters":');
    const body = await readErrorBody(response);

    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(body.reason).toBe('cannotParse');
    expect(body.message).toContain('not valid JSON');
  });

  it('answers a JSON body that is not an object with cannotParse', async () => {
    const response = await post('/DescribeJobs', '[1, 2]');

    expect(response.status).toBe(400);
    expect((await readErrorBody(response)).reason).toBe('cannotParse');
  });

  it('writes the modelled members of a validation error', async () => {
    const response = await post('/StartRecovery', '{"sourceServers": [{"sourceServerID": 7}]}');
    const body = await response.json();

    expect(response.status).toBe(400);
    expect(body).toEqual({
      code: 'ValidationException',
      message: 'Invalid request: sourceServers[0].sourceServerID must be a string; got a number.',
      reason: 'fieldValidationFailed',
      fieldList: [{ name: 'sourceServers[0].sourceServerID', message: 'must be a string; got a number' }],
    });
  });

  it('answers an operation it does not emulate with 501 NotImplementedException', async () => {
    const response = await post('/GetReplicationConfiguration', '{"sourceServerID": "s-3c1730a9e0771ea14"}');

    expect(response.status).toBe(501);
    expect(response.headers.get('x-amzn-errortype')).toBe('NotImplementedException');
  });

  it('sends Retry-After with an injected internal error', async () => {
    emulator.setFaults({ operations: { DescribeJobs: { internalErrorRate: 1 } } });
    const response = await post('/DescribeJobs', '{}');

    expect(response.status).toBe(500);
    expect(response.headers.get('x-amzn-errortype')).toBe('InternalServerException');
    expect(response.headers.get('retry-after')).toBe('1');
    expect(await response.json()).toEqual({
      message: 'Injected fault: DescribeJobs failed inside the service.',
    });
  });

  it('serves the tag and staging-account routes through the SDK', async () => {
    const client = new DrsClient({
      endpoint: emulator.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIA123456789012EMUL', secretAccessKey: 'x' },
      maxAttempts: 1,
    });

    try {
      await client.send(new TagResourceCommand({ resourceArn: SERVER_ARN, tags: { Wave: '1' } }));
      const tagged = await client.send(new ListTagsForResourceCommand({ resourceArn: SERVER_ARN }));
      expect(tagged.tags).toEqual({ Application: '3TierRecovery', Tier: 'Database', Wave: '1' });

      await client.send(new UntagResourceCommand({ resourceArn: SERVER_ARN, tagKeys: ['Wave', 'Tier'] }));
      const untagged = await client.send(new ListTagsForResourceCommand({ resourceArn: SERVER_ARN }));
      expect(untagged.tags).toEqual({ Application: '3TierRecovery' });

      const missing = client.send(new ListTagsForResourceCommand({ resourceArn: `${SERVER_ARN}0` }));
      await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);

      const staging = await client.send(new ListStagingAccountsCommand({ maxResults: 10 }));
      expect(staging.accounts).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
