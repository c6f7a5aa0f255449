import { ConfigError, parseEmulatorConfig } from './config';

describe(parseEmulatorConfig.name, () => {
  it('uses the defaults without flags or environment', () => {
    expect(parseEmulatorConfig([], {})).toEqual({
      scenarios: ['seed-demo-6'],
      port: 4566,
      host: '127.0.0.1',
      timeScale: 1,
      seed: 1,
      control: false,
      conflictFirstN: 0,
      clock: 'real',
      help: false,
    });
  });

  it('reads every flag, in both spellings', () => {
    const config = parseEmulatorConfig(
      [
        '--scenario',
        'three-tier-100',
        '--scenario=seed-demo-6',
        '--port',
        '0',
        '--host=0.0.0.0',
        '--time-scale',
        '0.01',
        '--seed',
        '42',
        '--control',
        '--conflict-first-n',
        '3',
        '--clock',
        'manual',
      ],
      {},
    );

    expect(config).toEqual({
      scenarios: ['three-tier-100', 'seed-demo-6'],
      port: 0,
      host: '0.0.0.0',
      timeScale: 0.01,
      seed: 42,
      control: true,
      conflictFirstN: 3,
      clock: 'manual',
      help: false,
    });
  });

  it('falls back to the environment, and flags win over it', () => {
    const env = {
      DRS_EMULATOR_SCENARIO: 'three-tier-100, enterprise-1000',
      DRS_EMULATOR_PORT: '5000',
      DRS_EMULATOR_TIME_SCALE: '0.5',
      DRS_EMULATOR_CONTROL: 'true',
      DRS_EMULATOR_CONFLICT_FIRST_N: '2',
    };

    const fromEnv = parseEmulatorConfig([], env);
    expect(fromEnv.scenarios).toEqual(['three-tier-100', 'enterprise-1000']);
    expect(fromEnv.port).toBe(5000);
    expect(fromEnv.timeScale).toBe(0.5);
    expect(fromEnv.control).toBe(true);
    expect(fromEnv.conflictFirstN).toBe(2);

    const overridden = parseEmulatorConfig(['--port', '6000', '--scenario', 'seed-demo-6'], env);
    expect(overridden.port).toBe(6000);
    expect(overridden.scenarios).toEqual(['seed-demo-6']);
  });

  it('lists every bad flag and variable in one error', () => {
    let thrown: unknown;
    try {
      parseEmulatorConfig(['--port', '70000', '--time-scale', '0', '--bogus', '--clock', 'slow'], {
        DRS_EMULATOR_CONTROL: 'maybe',
      });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain('unknown option --bogus');
    expect(message).toContain('--port must be an integer from 0 to 65535, not "70000"');
    expect(message).toContain('--time-scale must be a number greater than 0');
    expect(message).toContain('--clock must be "real" or "manual", not "slow"');
    expect(message).toContain('DRS_EMULATOR_CONTROL must be true or false, not "maybe"');
    expect(message).not.toContain('\n');
  });

  it('rejects a flag without its value', () => {
    expect(() => parseEmulatorConfig(['--seed'], {})).toThrow('--seed needs a value');
    expect(() => parseEmulatorConfig(['--port', '--control'], {})).toThrow('--port needs a value');
  });

  it('rejects a value given to --control', () => {
    expect(() => parseEmulatorConfig(['--control=false'], {})).toThrow('--control takes no value');
  });

  it('recognizes --help', () => {
    expect(parseEmulatorConfig(['--help'], {}).help).toBe(true);
  });
});
