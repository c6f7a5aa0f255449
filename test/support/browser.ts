import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Starts headless Chromium. The flags keep it from reaching out to Google's services, which a
 * closed network refuses, and `--no-sandbox` lets it run as root in CI containers.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}; install it with "apt-get install chromium" or set CHROMIUM_PATH`,
    );
  }

  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Folder for the screenshots a browser test takes: SCREENSHOT_DIR, or reports/screenshots. */
export function screenshotDir(rootDir: string): string {
  const directory = process.env.SCREENSHOT_DIR ?? join(rootDir, 'reports', 'screenshots');
  mkdirSync(directory, { recursive: true });
  return directory;
}

/** Collects the page's uncaught errors and console errors, so a test can assert there were none. */
export function recordPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(`console error: ${message.text()}`);
    }
  });

  return errors;
}
