import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});

    expect(config.drs.targets).toEqual([
      { accountId: '123456789012', region: 'us-east-1', roleArn: undefined },
    ]);
    expect(config.drs.quotas).toEqual({
      maxServersPerJob: 100,
      maxJobsInProgress: 20,
      maxServersInActiveJobs: 500,
    });
    expect(config.apiPort).toBe(3000);
  });

  it('reports every invalid variable in one error', () => {
    const load = () =>
      loadConfig({
        API_PORT: 'eighty',
        DRS_TARGETS: '123/us-east-1',
        DATABASE_URL: 'mysql://x',
        LOG_LEVEL: 'loud',
      });

    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(5);
      expect(problems.join('\n')).toContain('API_PORT');
      expect(problems.join('\n')).toContain('DRS_TARGETS entry "123/us-east-1"');
      expect(problems.join('\n')).toContain('DATABASE_URL');
      expect(problems.join('\n')).toContain('LOG_LEVEL');
    }
  });

  it('attaches role ARNs to their accounts', () => {
    const config = loadConfig({
      DRS_TARGETS: '111111111111/us-east-1,222222222222/us-west-2',
      DRS_ROLE_ARNS: '222222222222=arn:aws:iam::222222222222:role/Drs',
    });

    expect(config.drs.targets[0].roleArn).toBeUndefined();
    expect(config.drs.targets[1].roleArn).toBe('arn:aws:iam::222222222222:role/Drs');
  });
});
