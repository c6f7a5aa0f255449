import { join } from 'node:path';

import { Client } from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { saveUser } from '@drs/auth';
import { Role } from '@drs/domain';
import { LocalStack } from '@drs/local-stack';

import { launchChromium, recordPageErrors, screenshotDir } from '../support/browser';
import { inheritedPath } from '../support/stack-helpers';
import { createTestDatabase, TestDatabase, uniqueQueuePrefix } from '../support/test-database';

const ACCOUNT = '123456789012 / us-east-1';
const TIERS = ['Database', 'App', 'Web'];
const PLAN_NAME = '3tier-dashboard';
const PASSWORD = 'browser-test-password-1';
/** How long the status socket stays cut during the drill. */
const SOCKET_CUT_MS = 4_000;

interface ServerRow {
  sourceServerId: string;
  status: string;
}

async function createUser(database: TestDatabase, name: string, role: Role): Promise<void> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await saveUser(client, name, role, PASSWORD);
  } finally {
    await client.end();
  }
}

async function queryRows<T>(database: TestDatabase, sql: string, parameters: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query(sql, parameters)).rows as T[];
  } finally {
    await client.end();
  }
}

function storedServerStates(database: TestDatabase, executionId: string): Promise<ServerRow[]> {
  return queryRows<ServerRow>(
    database,
    `SELECT source_server_id AS "sourceServerId", status FROM execution_servers
      WHERE execution_id = $1 ORDER BY source_server_id`,
    [executionId],
  );
}

/** Reads every server status the execution page displays, from `data-testid="server-status-<id>"`. */
async function displayedServerStates(page: Page): Promise<ServerRow[]> {
  const rows = await page.$$eval('[data-testid^="server-status-"]', (elements) =>
    elements.map((element) => ({
      sourceServerId: (element.getAttribute('data-testid') ?? '').replace('server-status-', ''),
      status: element.getAttribute('data-status') ?? '',
    })),
  );
  return rows.sort((a, b) => a.sourceServerId.localeCompare(b.sourceServerId));
}

async function signIn(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Recovery plans' }).first().waitFor();
}

/**
 * Picks an option of a Cloudscape Select or Multiselect. Its trigger is a button named by the
 * field's label followed by the current value, so the name is matched as a prefix.
 */
async function chooseOption(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('button', { name: label }).first().click();
  await page.getByRole('option', { name: option }).first().click();
  await page.keyboard.press('Escape');
}

async function createTierGroup(page: Page, baseUrl: string, tier: string): Promise<void> {
  await page.goto(`${baseUrl}/protection-groups`);
  // An empty list offers the button twice: in the header and in the table's empty state.
  await page.getByRole('button', { name: 'Create protection group' }).first().click();
  await page.getByLabel('Name', { exact: true }).fill(`3tier-${tier.toLowerCase()}`);
  await chooseOption(page, 'Account and Region', ACCOUNT);
  await page.getByRole('radio', { name: 'Tag selector', exact: true }).check();
  await page.getByLabel('Tag key 1').fill('Application');
  await page.getByLabel('Tag values 1').fill('3TierRecovery');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await page.getByLabel('Tag key 2').fill('Tier');
  await page.getByLabel('Tag values 2').fill(tier);
  await page.getByTestId('tag-selector-preview').getByText('2 matching servers').waitFor();
  await page.getByRole('button', { name: 'Save protection group' }).click();
  // Success messages dismiss themselves after 10 s, so the list page and its new row are the proof.
  await page.waitForURL(/\/protection-groups$/);
  await page.getByRole('link', { name: `3tier-${tier.toLowerCase()}`, exact: true }).waitFor();
}

async function createPlan(page: Page, baseUrl: string, shots: string): Promise<void> {
  await page.goto(`${baseUrl}/recovery-plans`);
  await page.getByRole('button', { name: 'Create recovery plan' }).first().click();
  await page.getByLabel('Plan name').fill(PLAN_NAME);
  for (const [index, tier] of TIERS.entries()) {
    const wave = index + 1;
    if (index > 0) {
      await page.getByRole('button', { name: 'Add wave' }).click();
    }
    await page.getByLabel(`Wave ${wave} name`).fill(tier);
    await chooseOption(page, `Wave ${wave} protection groups`, `3tier-${tier.toLowerCase()}`);
  }
  await page.getByTestId('wave-graph').waitFor();
  await page.getByRole('button', { name: 'Save recovery plan' }).click();
  await page.waitForURL(/\/recovery-plans\/[0-9a-f-]{36}$/);
  await page.getByText('Version 1').waitFor();
  await page.getByTestId('predicted-duration').waitFor();
  // A tall viewport instead of a full-page capture, which would paint the sticky top bar mid-page.
  await page.setViewportSize({ width: 1280, height: 2900 });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(shots, 'plan-editor.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('dashboard in headless Chromium', () => {
  let database: TestDatabase;
  let stack: LocalStack;
  let browser: Browser;
  let baseUrl: string;
  let shots: string;
  let executionId = '';

  beforeAll(async () => {
    database = await createTestDatabase('drs_e2e_dashboard');
    stack = await LocalStack.start({
      databaseUrl: database.url,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: uniqueQueuePrefix('dashboard'),
      scenarios: ['seed-demo-6'],
      // A Windows launch (1,200 s +-20%) takes about 12 s, long enough to cut the socket mid-drill.
      timeScale: 0.01,
      seed: 11,
      drsTargets: ['123456789012/us-east-1'],
      jobPollIntervalMs: 200,
      extraEnv: inheritedPath(),
    });
    baseUrl = stack.apiUrl;
    shots = screenshotDir(stack.rootDir);
    await createUser(database, 'browser-admin', Role.Admin);
    await createUser(database, 'browser-viewer', Role.Viewer);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await database?.drop();
  });

  it('gateway serves the dashboard', async () => {
    const page = await fetch(`${baseUrl}/recovery-plans/some-plan`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<div id="root">');

    const unknownRoute = await fetch(`${baseUrl}/api/v1/no-such-route`, { headers: { accept: 'text/html' } });
    expect(unknownRoute.status).toBe(404);
    expect(((await unknownRoute.json()) as { code: string }).code).toBe('NOT_FOUND');

    const missingAsset = await fetch(`${baseUrl}/assets/no-such-file.js`);
    expect(missingAsset.status).toBe(404);
  });

  it('drill survives a socket cut', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const pageErrors = recordPageErrors(page);
    await signIn(page, baseUrl, 'browser-admin');

    for (const tier of TIERS) {
      await createTierGroup(page, baseUrl, tier);
    }
    await createPlan(page, baseUrl, shots);

    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('radio', { name: 'Drill', exact: true }).check();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/executions\/[0-9a-f-]{36}$/);
    executionId = page.url().split('/').pop() ?? '';
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();

    // Wait for the first wave to finish, then cut the socket by stopping the status service.
    const databaseServers = await queryRows<{ sourceServerId: string }>(
      database,
      `SELECT s.source_server_id AS "sourceServerId" FROM execution_servers s
         JOIN wave_runs w ON w.id = s.wave_run_id WHERE s.execution_id = $1 AND w.name = 'Database'`,
      [executionId],
    );
    expect(databaseServers).toHaveLength(2);
    for (const { sourceServerId } of databaseServers) {
      await page
        .locator(`[data-testid="server-status-${sourceServerId}"][data-status="LAUNCHED"]`)
        .waitFor({ timeout: 60_000 });
    }
    await page.setViewportSize({ width: 1280, height: 1300 });
    await page.screenshot({ path: join(shots, 'live-execution.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
    const lastSeq = async () =>
      Number(
        (
          await queryRows<{ seq: number }>(
            database,
            'SELECT max(seq) AS seq FROM execution_events WHERE execution_id = $1',
            [executionId],
          )
        )[0].seq,
      );
    const seqBeforeCut = await lastSeq();

    await stack.service('status').stop();
    await page.locator('[data-testid="stream-status"][data-status="reconnecting"]').waitFor();
    // Keep the socket cut for a few seconds and until events were recorded that the page could not
    // hear, so that the reconnect has something to catch up on.
    const cutEndsAt = Date.now() + SOCKET_CUT_MS;
    const giveUpAt = Date.now() + 60_000;
    while ((Date.now() < cutEndsAt || (await lastSeq()) === seqBeforeCut) && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await lastSeq()).toBeGreaterThan(seqBeforeCut);
    await stack.restart('status');
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor({ timeout: 30_000 });

    // Right after the reconnect the page must agree with Postgres; states move on, so read both until they match.
    let stored: ServerRow[] = [];
    let displayed: ServerRow[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      stored = await storedServerStates(database, executionId);
      displayed = await displayedServerStates(page);
      if (JSON.stringify(stored) === JSON.stringify(displayed)) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(displayed).toEqual(stored);

    await page
      .locator('[data-testid="execution-status"][data-status="SUCCEEDED"]')
      .waitFor({ timeout: 120_000 });
    stored = await storedServerStates(database, executionId);
    displayed = await displayedServerStates(page);
    expect(stored).toHaveLength(6);
    expect(stored.every((server) => server.status === 'LAUNCHED')).toBe(true);
    expect(displayed).toEqual(stored);

    await page.getByRole('button', { name: 'Clean up', exact: true }).click();
    await page.getByRole('button', { name: 'Confirm clean up' }).click();
    await page
      .locator('[data-testid="cleanup-status"][data-status="COMPLETED"]')
      .waitFor({ timeout: 120_000 });
    const terminated = await queryRows<{ count: string }>(
      database,
      'SELECT count(*) AS count FROM execution_servers WHERE execution_id = $1 AND instance_terminated_at IS NOT NULL',
      [executionId],
    );
    expect(Number(terminated[0].count)).toBe(6);

    await page.goto(`${baseUrl}/`);
    await page.getByRole('heading', { name: 'Recent results' }).waitFor();
    await page.getByRole('link', { name: PLAN_NAME }).first().waitFor();
    await page.screenshot({ path: join(shots, 'overview.png') });

    expect(pageErrors.filter((error) => error.startsWith('page error'))).toEqual([]);
    await context.close();
  });

  it('viewer gets no controls', async () => {
    expect(executionId).not.toBe('');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();

    // Sign in with the keyboard alone: the name field has the focus, Tab moves on, Enter submits.
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('User name').waitFor();
    await page.keyboard.type('browser-viewer');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Recovery plans' }).first().waitFor();

    const forbiddenButtons = [
      'Create protection group',
      'Create recovery plan',
      'Save protection group',
      'Save recovery plan',
      'Add wave',
      'Run',
      'Delete',
      'Pause',
      'Resume',
      'Cancel execution',
      'Retry failed servers',
      'Skip wave',
      'Clean up',
    ];
    const pages = ['/protection-groups', '/recovery-plans', `/executions/${executionId}`, '/'];
    const plans = await queryRows<{ id: string }>(database, 'SELECT id FROM recovery_plans WHERE name = $1', [
      PLAN_NAME,
    ]);
    const groups = await queryRows<{ id: string }>(
      database,
      'SELECT id FROM protection_groups ORDER BY name',
      [],
    );
    pages.push(`/recovery-plans/${plans[0].id}`, `/protection-groups/${groups[0].id}`);
    for (const path of pages) {
      await page.goto(`${baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      // The page has rendered its data: a heading is present.
      await page.getByRole('heading').first().waitFor();
      for (const name of forbiddenButtons) {
        expect({ path, name, count: await page.getByRole('button', { name, exact: true }).count() }).toEqual({
          path,
          name,
          count: 0,
        });
      }

      // No layout break on a laptop or a tablet: wide tables scroll inside their container, the page does not.
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 768, height: 1024 },
      ]) {
        await page.setViewportSize(viewport);
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect({ path, viewport, overflow }).toEqual({ path, viewport, overflow: 0 });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    }

    // The API rejects the same calls made directly with the viewer's token.
    const stored = (await page.evaluate("sessionStorage.getItem('drs-orchestrator.session')")) as string;
    const token = (JSON.parse(stored) as { token: string }).token;
    const rejected = [
      [
        'POST',
        '/protection-groups',
        {
          name: 'x',
          accountId: '123456789012',
          region: 'us-east-1',
          sourceServerIds: ['s-3c1730a9e0771ea14'],
        },
      ],
      ['PUT', `/recovery-plans/${plans[0].id}`, { name: PLAN_NAME, waves: [] }],
      ['DELETE', `/recovery-plans/${plans[0].id}`, undefined],
      ['POST', '/executions', { planId: plans[0].id, mode: 'DRILL' }],
      ['POST', `/executions/${executionId}/cleanup`, undefined],
      ['POST', `/executions/${executionId}/pause`, {}],
    ] as const;
    for (const [method, path, body] of rejected) {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
    }
    await context.close();
  });
});
