import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Finds the repository root by walking up from `startDirectory` to the first directory that
 * contains both `package.json` and `scenarios/`. This works from the TypeScript sources (Jest) and
 * from the compiled files under `dist/`.
 */
export function findRepositoryRoot(startDirectory: string): string {
  let directory = startDirectory;

  for (;;) {
    if (existsSync(join(directory, 'package.json')) && existsSync(join(directory, 'scenarios'))) {
      return directory;
    }

    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `cannot find the repository root above ${startDirectory}: no directory contains both package.json and scenarios/`,
      );
    }
    directory = parent;
  }
}

export function serviceModelPath(repositoryRoot: string): string {
  return join(repositoryRoot, 'apps', 'drs-emulator', 'model', 'service-2.json');
}

export function scenarioDirectory(repositoryRoot: string): string {
  return join(repositoryRoot, 'scenarios');
}
