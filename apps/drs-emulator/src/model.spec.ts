import { loadDrsModel } from './model';
import { findRepositoryRoot, serviceModelPath } from './paths';
import { bindRequestInput, operationHasBody, pruneToShape } from './serialization';

const model = loadDrsModel(serviceModelPath(findRepositoryRoot(__dirname)));

describe('DrsModel routes', () => {
  it('binds POST /<Operation> and the model success code', () => {
    const match = model.matchRoute('POST', '/StartRecovery');

    if (!match) {
      throw new Error('POST /StartRecovery matched no operation');
    }
    expect(match.operation.name).toBe('StartRecovery');
    expect(model.successStatus(match.operation)).toBe(202);
  });

  it('decodes the ARN label of the tags routes', () => {
    const arn = 'arn:aws:drs:us-east-1:123456789012:source-server/s-2e816a796546bbd6c';
    const encoded = `/tags/${encodeURIComponent(arn)}`;

    expect(model.matchRoute('GET', encoded)).toEqual({
      operation: expect.objectContaining({ name: 'ListTagsForResource' }),
      pathLabels: { resourceArn: arn },
    });
    expect(model.matchRoute('POST', encoded)?.operation.name).toBe('TagResource');
    expect(model.matchRoute('DELETE', encoded)?.operation.name).toBe('UntagResource');
  });

  it('finds no operation for an unknown path or method', () => {
    expect(model.matchRoute('POST', '/NoSuchOperation')).toBeUndefined();
    expect(model.matchRoute('GET', '/StartRecovery')).toBeUndefined();
    expect(model.matchRoute('POST', '/StartRecovery/extra')).toBeUndefined();
  });

  it('has the 50 operations of client-drs 3.523.0', () => {
    expect(model.operationNames()).toHaveLength(50);
  });
});

describe(bindRequestInput.name, () => {
  it('reads query members with their model types', () => {
    const operation = model.operation('ListStagingAccounts');
    if (!operation) {
      throw new Error('ListStagingAccounts is missing from the model');
    }

    const input = bindRequestInput(model, operation, {
      pathLabels: {},
      query: new URLSearchParams('maxResults=5&nextToken=abc'),
      headers: {},
      body: {},
    });

    expect(operationHasBody(model, operation)).toBe(false);
    expect(input).toEqual({ maxResults: 5, nextToken: 'abc' });
  });

  it('collects repeated query members into a list and keeps unparsable numbers as text', () => {
    const untag = model.operation('UntagResource');
    const staging = model.operation('ListStagingAccounts');
    if (!untag || !staging) {
      throw new Error('operations missing from the model');
    }

    const untagInput = bindRequestInput(model, untag, {
      pathLabels: { resourceArn: 'arn:aws:drs:us-east-1:123456789012:job/drsjob-0123456789abcdefA' },
      query: new URLSearchParams('tagKeys=a&tagKeys=b'),
      headers: {},
      body: {},
    });
    const stagingInput = bindRequestInput(model, staging, {
      pathLabels: {},
      query: new URLSearchParams('maxResults=ten'),
      headers: {},
      body: {},
    });

    expect(untagInput.tagKeys).toEqual(['a', 'b']);
    expect(stagingInput.maxResults).toBe('ten');
  });
});

describe(pruneToShape.name, () => {
  it('drops members the model does not have, at any depth', () => {
    const pruned = pruneToShape(model, 'Job', {
      jobID: 'drsjob-0123456789abcdefA',
      secret: 1,
      participatingServers: [{ sourceServerID: 's-2e816a796546bbd6c', internal: true }],
      tags: { Owner: 'x' },
      endDateTime: undefined,
    });

    expect(pruned).toEqual({
      jobID: 'drsjob-0123456789abcdefA',
      participatingServers: [{ sourceServerID: 's-2e816a796546bbd6c' }],
      tags: { Owner: 'x' },
    });
  });

  it('moves no header-bound member into the body', () => {
    expect(
      pruneToShape(model, 'ThrottlingException', { message: 'slow down', retryAfterSeconds: '1' }),
    ).toEqual({
      message: 'slow down',
    });
  });
});
