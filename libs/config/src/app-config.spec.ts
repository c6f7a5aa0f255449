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

describe('loadConfig authentication settings', () => {
  const hash = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA';

  it('defaults to the local issuer with 15-minute tokens and no CORS origin', () => {
    const config = loadConfig({});

    expect(config.auth).toMatchObject({ issuer: 'drs-orchestrator', tokenTtlSeconds: 900, users: [] });
    expect(config.auth.oidc).toBeUndefined();
    expect(config.corsOrigins).toEqual([]);
  });

  it('reads an OIDC issuer with its role map and a JWKS URL derived from the issuer', () => {
    const config = loadConfig({
      AUTH_OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/',
      AUTH_OIDC_AUDIENCE: 'client-id',
      AUTH_OIDC_ROLES_CLAIM: 'cognito:groups',
      AUTH_OIDC_ROLE_MAP: 'DrsAdmins=admin, DrsOperators=operator',
    });

    expect(config.auth.oidc).toMatchObject({
      jwksUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example/.well-known/jwks.json',
      rolesClaim: 'cognito:groups',
      algorithms: ['RS256'],
      roleMap: { DrsAdmins: 'admin', DrsOperators: 'operator' },
      clientId: 'client-id',
      scopes: ['openid', 'email', 'profile'],
    });
    expect(config.auth.oidc?.clientSecret).toBeUndefined();
  });

  it('reads the OIDC client id, secret and scopes for sign-in', () => {
    const config = loadConfig({
      AUTH_OIDC_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example',
      AUTH_OIDC_AUDIENCE: 'audience-id',
      AUTH_OIDC_CLIENT_ID: 'client-id',
      AUTH_OIDC_CLIENT_SECRET: 'client-secret-value',
      AUTH_OIDC_SCOPES: 'openid,email',
    });

    expect(config.auth.oidc?.clientId).toBe('client-id');
    expect(config.auth.oidc?.clientSecret).toBe('client-secret-value');
    expect(config.auth.oidc?.scopes).toEqual(['openid', 'email']);
  });

  it('rejects OIDC scopes without openid', () => {
    expect(() =>
      loadConfig({
        AUTH_OIDC_ISSUER: 'https://issuer.example.com',
        AUTH_OIDC_AUDIENCE: 'client-id',
        AUTH_OIDC_SCOPES: 'email profile',
      }),
    ).toThrow('AUTH_OIDC_SCOPES must contain "openid"');
  });

  it('reports bad users, a missing audience and bad origins without repeating the hash', () => {
    try {
      loadConfig({
        AUTH_USERS: `alice:operator:${hash},bob:superuser:${hash}`,
        AUTH_OIDC_ISSUER: 'https://issuer.example.com',
        AUTH_OIDC_ROLE_MAP: 'Admins=root',
        CORS_ORIGINS: 'https://ok.example.com,https://bad.example.com/path',
      });
      throw new Error('loadConfig accepted invalid settings');
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('AUTH_USERS entry for "bob"');
      expect(problems).toContain('AUTH_OIDC_AUDIENCE must be set');
      expect(problems).toContain('AUTH_OIDC_ROLE_MAP entry "Admins=root"');
      expect(problems).toContain('CORS_ORIGINS entry "https://bad.example.com/path"');
      expect(problems).not.toContain(hash);
    }
  });
});
