/** Where the emulator writes its log lines; `main.ts` passes the console logger, tests a silent one. */
export interface EmulatorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const silentLogger: EmulatorLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Plain lines without timestamps, because container runtimes and CI add their own. */
export const consoleLogger: EmulatorLogger = {
  log: (message) => console.log(message),
  warn: (message) => console.warn(`WARN ${message}`),
  error: (message, error) => {
    console.error(`ERROR ${message}`);
    if (error instanceof Error && error.stack) {
      console.error(error.stack);
    }
  },
};
