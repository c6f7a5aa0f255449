import { ConfigError, EmulatorCliConfig, parseEmulatorConfig, USAGE } from './config';
import { consoleLogger, createDrsEmulator, DrsEmulator } from './index';

async function main(): Promise<void> {
  let config: EmulatorCliConfig;
  try {
    config = parseEmulatorConfig(process.argv.slice(2), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`drs-emulator: invalid options: ${error.message} (run with --help for the list)`);
      process.exit(2);
    }
    throw error;
  }

  if (config.help) {
    console.log(USAGE);
    return;
  }

  let emulator: DrsEmulator;
  try {
    emulator = await createDrsEmulator({ ...config, logger: consoleLogger });
  } catch (error) {
    console.error(`drs-emulator: failed to start: ${(error as Error).message}`);
    process.exit(1);
  }

  consoleLogger.log(
    `loaded scenarios ${emulator.scenarioNames.join(', ')}; time scale ${config.timeScale}, seed ${config.seed}, ` +
      `${config.clock} clock, control API ${config.control ? 'on' : 'off'}`,
  );
  consoleLogger.log(`DRS emulator listening on ${emulator.url}`);

  const shutdown = (signal: NodeJS.Signals) => {
    consoleLogger.log(`received ${signal}, closing`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        consoleLogger.error('failed to close cleanly', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(`drs-emulator: failed to start: ${(error as Error).message}`);
  process.exit(1);
});
