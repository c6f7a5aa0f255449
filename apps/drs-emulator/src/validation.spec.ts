import { loadDrsModel } from './model';
import { findRepositoryRoot, serviceModelPath } from './paths';
import { describeViolations, validateShape } from './validation';

const model = loadDrsModel(serviceModelPath(findRepositoryRoot(__dirname)));
const SERVER_A = 's-2e816a796546bbd6c';
const SERVER_B = 's-f841a51831796bae0';

function names(shape: string, value: unknown): string[] {
  return validateShape(model, shape, value).map((violation) => violation.name);
}

describe(validateShape.name, () => {
  it('accepts a valid StartRecovery request', () => {
    const request = {
      sourceServers: [
        { sourceServerID: SERVER_A },
        { sourceServerID: SERVER_B, recoverySnapshotID: 'pit-0123456789abcdefA' },
      ],
      isDrill: true,
      tags: { Owner: 'dr-team' },
    };

    expect(validateShape(model, 'StartRecoveryRequest', request)).toEqual([]);
  });

  it('reports a missing required member', () => {
    const violations = validateShape(model, 'StartRecoveryRequest', { isDrill: true });

    expect(violations).toEqual([{ name: 'sourceServers', message: 'is required', constraint: 'required' }]);
  });

  it('treats null as absent', () => {
    expect(names('StartRecoveryRequest', { sourceServers: null })).toEqual(['sourceServers']);
    expect(validateShape(model, 'DescribeJobsRequest', { filters: null })).toEqual([]);
  });

  it('names a bad id inside a list by index', () => {
    const violations = validateShape(model, 'StartRecoveryRequest', {
      sourceServers: [{ sourceServerID: SERVER_A }, { sourceServerID: 's-NOT_VALID_ID_1234' }],
    });

    expect(violations).toHaveLength(1);
    expect(violations[0].name).toBe('sourceServers[1].sourceServerID');
    expect(violations[0].constraint).toBe('pattern');
    expect(violations[0].message).toContain('^s-[0-9a-zA-Z]{17}$');
    expect(violations[0].message).toContain('"s-NOT_VALID_ID_1234"');
  });

  it('checks string length before the pattern', () => {
    const [violation] = validateShape(model, 'StartRecoveryRequest', {
      sourceServers: [{ sourceServerID: 'bad' }],
    });

    expect(violation.constraint).toBe('length');
    expect(violation.message).toBe('must be exactly 19 characters long, not 3; got "bad"');
  });

  it('enforces list sizes from the model', () => {
    const tooMany = Array.from({ length: 201 }, () => ({ sourceServerID: SERVER_A }));

    expect(validateShape(model, 'StartRecoveryRequest', { sourceServers: [] })).toEqual([
      { name: 'sourceServers', message: 'must contain at least 1 item; got 0', constraint: 'count' },
    ]);
    expect(validateShape(model, 'StartRecoveryRequest', { sourceServers: tooMany })).toEqual([
      { name: 'sourceServers', message: 'must contain at most 200 items; got 201', constraint: 'count' },
    ]);
  });

  it('enforces JSON types', () => {
    const violations = validateShape(model, 'StartRecoveryRequest', {
      sourceServers: { sourceServerID: SERVER_A },
      isDrill: 'yes',
    });

    expect(violations).toEqual([
      { name: 'isDrill', message: 'must be a boolean; got a string', constraint: 'type' },
      { name: 'sourceServers', message: 'must be a JSON array; got an object', constraint: 'type' },
    ]);
  });

  it('enforces enums', () => {
    const violations = validateShape(model, 'DescribeRecoverySnapshotsRequest', {
      sourceServerID: SERVER_A,
      order: 'SIDEWAYS',
    });

    expect(violations).toEqual([
      { name: 'order', message: 'must be one of ASC, DESC; got "SIDEWAYS"', constraint: 'enum' },
    ]);
  });

  it('enforces integer ranges and integrality', () => {
    expect(validateShape(model, 'DescribeJobsRequest', { maxResults: 0 })).toEqual([
      { name: 'maxResults', message: 'must be at least 1; got 0', constraint: 'range' },
    ]);
    expect(validateShape(model, 'DescribeJobsRequest', { maxResults: 1.5 })).toEqual([
      { name: 'maxResults', message: 'must be an integer; got a number', constraint: 'type' },
    ]);
    expect(validateShape(model, 'ListStagingAccountsRequest', { maxResults: 51 })).toEqual([
      { name: 'maxResults', message: 'must be at most 50; got 51', constraint: 'range' },
    ]);
  });

  it('never echoes values of sensitive shapes', () => {
    const secret = 'x'.repeat(257);
    const violations = validateShape(model, 'StartRecoveryRequest', {
      sourceServers: [{ sourceServerID: SERVER_A }],
      tags: { Owner: secret },
    });

    expect(violations).toHaveLength(1);
    expect(violations[0].name).toBe('tags["Owner"]');
    expect(violations[0].message).toBe('must be at most 256 characters long, not 257');
  });

  it('reports a bad map key against the map', () => {
    const longKey = 'k'.repeat(300);
    const [violation] = validateShape(model, 'TagResourceRequest', {
      resourceArn: 'arn:aws:drs:us-east-1:123456789012:job/drsjob-0123456789abcdefA',
      tags: { [longKey]: 'v' },
    });

    expect(violation.name).toBe('tags');
    expect(violation.message).toContain('must be at most 256 characters long, not 300');
  });

  it('ignores members the model does not know', () => {
    expect(validateShape(model, 'DescribeJobsRequest', { surprise: 1, maxResults: 5 })).toEqual([]);
  });

  it('requires exactly one member of a union', () => {
    const violations = validateShape(model, 'ParticipatingResourceID', {});

    expect(violations).toEqual([
      { name: '', message: 'must set exactly one of sourceNetworkID; got 0', constraint: 'union' },
    ]);
  });

  it('reports every violation, not only the first', () => {
    const violations = validateShape(model, 'StartRecoveryRequest', {
      sourceServers: [{ sourceServerID: 'a' }, { sourceServerID: 'b' }, {}],
    });

    expect(violations.map((violation) => violation.name)).toEqual([
      'sourceServers[0].sourceServerID',
      'sourceServers[1].sourceServerID',
      'sourceServers[2].sourceServerID',
    ]);
  });
});

describe(describeViolations.name, () => {
  it('names the first field and counts the rest', () => {
    const message = describeViolations([
      { name: 'a', message: 'is required', constraint: 'required' },
      { name: 'b', message: 'is required', constraint: 'required' },
    ]);

    expect(message).toBe('Invalid request: a is required, and 1 more (see fieldList).');
  });
});
