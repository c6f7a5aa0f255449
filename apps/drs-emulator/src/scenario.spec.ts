import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDrsModel } from './model';
import { findRepositoryRoot, serviceModelPath } from './paths';
import { extendInventory, loadInventory, ScenarioError } from './scenario';

const repositoryRoot = findRepositoryRoot(__dirname);
const model = loadDrsModel(serviceModelPath(repositoryRoot));

describe(loadInventory.name, () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'drs-emulator-scenario-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads a scenario by name with operating-system families', () => {
    const inventory = loadInventory(['seed-demo-6'], repositoryRoot, model);
    const [accountRegion] = inventory.accountRegions;

    expect(inventory.scenarioNames).toEqual(['seed-demo-6']);
    expect(accountRegion.accountID).toBe('123456789012');
    expect(accountRegion.servers).toHaveLength(6);
    expect(accountRegion.servers.every((entry) => entry.osFamily === 'WINDOWS')).toBe(true);
    expect(accountRegion.servers[0].launchTiming).toEqual({ meanSeconds: 1200, jitter: 0.2 });
  });

  it('groups several scenarios by account and Region', () => {
    const inventory = loadInventory(['enterprise-1000', 'seed-demo-6'], repositoryRoot, model);

    expect(inventory.accountRegions).toHaveLength(5);
    const total = inventory.accountRegions.reduce((sum, entry) => sum + entry.servers.length, 0);
    expect(total).toBe(1006);
  });

  it('names the available scenarios when one is not found', () => {
    expect(() => loadInventory(['nope'], repositoryRoot, model)).toThrow(/available: .*seed-demo-6/);
  });

  it('rejects the same servers loaded twice', () => {
    expect(() => loadInventory(['seed-demo-6', 'seed-demo-6'], repositoryRoot, model)).toThrow(
      /already exists/,
    );
  });

  it('reads the origin environment of an account', () => {
    const path = join(directory, 'ec2.json');
    const scenario = {
      name: 'ec2',
      launchTiming: { LINUX: { meanSeconds: 10, jitter: 0 }, WINDOWS: { meanSeconds: 20, jitter: 0 } },
      accounts: [
        {
          accountID: '111122223333',
          region: 'eu-west-1',
          originEnvironment: 'AWS',
          sourceServers: [{ sourceServerID: 's-0123456789abcdefA' }],
        },
      ],
    };
    writeFileSync(path, JSON.stringify(scenario));

    expect(loadInventory([path], repositoryRoot, model).accountRegions[0].servers[0].originEnvironment).toBe(
      'AWS',
    );
    expect(
      loadInventory(['seed-demo-6'], repositoryRoot, model).accountRegions[0].servers[0].originEnvironment,
    ).toBe('ON_PREMISES');

    writeFileSync(
      path,
      JSON.stringify({ ...scenario, accounts: [{ ...scenario.accounts[0], originEnvironment: 'EC2' }] }),
    );
    expect(() => loadInventory([path], repositoryRoot, model)).toThrow(
      /originEnvironment must be "ON_PREMISES"/,
    );
  });

  it('adds scenarios to an inventory without changing it', () => {
    const base = loadInventory(['seed-demo-6'], repositoryRoot, model);
    const extended = extendInventory(base, ['three-tier-100'], repositoryRoot, model);

    expect(base.scenarioNames).toEqual(['seed-demo-6']);
    expect(base.accountRegions[0].servers).toHaveLength(6);
    expect(extended.scenarioNames).toEqual(['seed-demo-6', 'three-tier-100']);
    expect(extended.accountRegions[0].servers).toHaveLength(108);
    expect(() => extendInventory(extended, ['seed-demo-6'], repositoryRoot, model)).toThrow(/already exists/);
  });

  it('loads a scenario by path and rejects a server of the wrong shape', () => {
    const path = join(directory, 'custom.json');
    const scenario = {
      name: 'custom',
      launchTiming: { LINUX: { meanSeconds: 10, jitter: 0 }, WINDOWS: { meanSeconds: 20, jitter: 0 } },
      accounts: [
        {
          accountID: '111122223333',
          region: 'eu-west-1',
          sourceServers: [
            { sourceServerID: 's-0123456789abcdefA', sourceProperties: { os: { fullString: 'Ubuntu' } } },
          ],
        },
      ],
    };
    writeFileSync(path, JSON.stringify(scenario));

    const inventory = loadInventory([path], repositoryRoot, model);
    expect(inventory.accountRegions[0].servers[0].osFamily).toBe('LINUX');

    scenario.accounts[0].sourceServers[0].sourceProperties = { os: { fullString: 42 } } as never;
    writeFileSync(path, JSON.stringify(scenario));
    expect(() => loadInventory([path], repositoryRoot, model)).toThrow(ScenarioError);
    expect(() => loadInventory([path], repositoryRoot, model)).toThrow(
      /sourceProperties\.os\.fullString must be a string/,
    );
  });

  it('loads values that only break a pattern and warns about them', () => {
    const path = join(directory, 'agent.json');
    writeFileSync(
      path,
      JSON.stringify({
        launchTiming: { LINUX: { meanSeconds: 10, jitter: 0 }, WINDOWS: { meanSeconds: 20, jitter: 0 } },
        accounts: [
          {
            accountID: '111122223333',
            region: 'eu-west-1',
            sourceServers: [{ sourceServerID: 's-0123456789abcdefA', agentVersion: '4.7.2406.0' }],
          },
        ],
      }),
    );

    const inventory = loadInventory([path], repositoryRoot, model);

    expect(inventory.accountRegions[0].servers[0].server.agentVersion).toBe('4.7.2406.0');
    expect(inventory.warnings).toHaveLength(1);
    expect(inventory.warnings[0]).toContain('sourceServers[0].agentVersion must match the pattern');
    expect(inventory.scenarioNames).toEqual(['agent']);
  });
});
