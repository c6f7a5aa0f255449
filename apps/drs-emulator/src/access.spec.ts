import { isAccessDenied, parseAccessRules } from './access';
import { SettingsError } from './settings';

const operations = ['DescribeJobs', 'StartRecovery'];

describe(isAccessDenied.name, () => {
  const rules = parseAccessRules(
    {
      deniedAccessKeys: [
        { accessKeyId: 'AKIAALL' },
        { accessKeyId: 'AKIAWRITE', operations: ['StartRecovery'] },
      ],
    },
    operations,
  );

  it('denies every operation to a key listed without operations', () => {
    expect(isAccessDenied(rules, 'AKIAALL', 'DescribeJobs')).toBe(true);
  });

  it('denies only the listed operations otherwise', () => {
    expect(isAccessDenied(rules, 'AKIAWRITE', 'StartRecovery')).toBe(true);
    expect(isAccessDenied(rules, 'AKIAWRITE', 'DescribeJobs')).toBe(false);
  });

  it('allows unknown and missing keys', () => {
    expect(isAccessDenied(rules, 'AKIAOTHER', 'DescribeJobs')).toBe(false);
    expect(isAccessDenied(rules, undefined, 'DescribeJobs')).toBe(false);
  });
});

describe(parseAccessRules.name, () => {
  it('lists every problem', () => {
    const parse = () =>
      parseAccessRules(
        { deniedAccessKeys: [{}, { accessKeyId: 'A', operations: ['Nope'] }], extra: 1 },
        operations,
      );

    expect(parse).toThrow(SettingsError);
    expect(parse).toThrow(/unknown member "extra"/);
    expect(parse).toThrow(/deniedAccessKeys\[0\].accessKeyId must be a non-empty string/);
    expect(parse).toThrow(/"Nope" is not a DRS operation/);
  });
});
