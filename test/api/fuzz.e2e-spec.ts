import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';

import { ErrorCode } from '@drs/domain';

import { AuditRecorder } from '../../apps/api-gateway/src/audit/audit-recorder';
import {
  ApiTestEnvironment,
  countRowsOfEveryTable,
  startApiTestEnvironment,
} from '../support/api-test-environment';
import { concretePath, registeredRoutes, RegisteredRoute } from '../support/route-walk';

const REQUESTS = 1_000;
const SEED = 20261204;
const ERROR_BODY_KEYS = ['code', 'details', 'message', 'statusCode'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

/** mulberry32: a small seeded generator, so that a failing run can be repeated exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;

    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

class Fuzzer {
  constructor(private readonly random: () => number) {}

  chance(probability: number): boolean {
    return this.random() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  integer(max: number): number {
    return Math.floor(this.random() * max);
  }

  string(): string {
    return this.pick([
      '',
      ' ',
      'a',
      'x'.repeat(300),
      'x'.repeat(70_000),
      "' OR 1=1 --",
      '"; DROP TABLE executions; --',
      '../../etc/passwd',
      '%00',
      '\u0000',
      '\ud83d\ude80 rocket',
      'not-a-uuid',
      randomUUID(),
      's-0123456789abcdef0',
      's-123',
      'DRILL',
      'RECOVERY',
      'us-east-1',
      'mars-1',
      '12345678901',
      '${jndi:ldap://127.0.0.1/x}',
      '<script>alert(1)</script>',
      '2026-13-45T99:99:99Z',
    ]);
  }

  scalar(): unknown {
    return this.pick([
      () => null,
      () => true,
      () => false,
      () => 0,
      () => -1,
      () => 1.5,
      () => Number.MAX_SAFE_INTEGER,
      () => 1e308,
      () => this.string(),
    ])();
  }

  /** Returns a JSON value with the field names the API accepts, filled with wrong or odd values. */
  value(depth: number): unknown {
    if (depth <= 0 || this.chance(0.4)) {
      return this.scalar();
    }
    if (this.chance(0.3)) {
      return Array.from({ length: this.integer(4) }, () => this.value(depth - 1));
    }
    const fields = [
      'name',
      'description',
      'accountId',
      'region',
      'sourceServerIds',
      'waves',
      'protectionGroupIds',
      'launchOrder',
      'dependsOn',
      'planId',
      'mode',
      'confirmPlanName',
      'password',
      'reason',
      'wave',
      'rpoSeconds',
      '__proto__',
      'constructor',
      'extra',
    ];
    const body: Record<string, unknown> = {};
    for (let index = this.integer(6); index > 0; index--) {
      body[this.pick(fields)] = this.value(depth - 1);
    }
    // A tag selector of string lists would be valid; only malformed ones are sent, so nothing is written.
    if (this.chance(0.2)) {
      body.tagSelector = this.pick([{}, { Tier: 'web' }, { Tier: [1] }, [], 'Tier=web', { '': [''] }]);
    }

    return body;
  }

  rawBody(): string | undefined {
    return this.pick([
      () => undefined,
      () => JSON.stringify(this.value(4)),
      () => JSON.stringify(this.value(4)),
      () => JSON.stringify(this.value(4)),
      () => '{',
      () => '{"name": ',
      () => '[1, 2',
      () => 'nul',
      () => '{"__proto__": {"polluted": true}}',
      () => '{"constructor": {"prototype": {"polluted": true}}}',
      () => '"just a string"',
      () => '12',
      () => 'name=x&mode=DRILL',
      () => '\u0000\u0001\u0002',
      () => `{"a":${'['.repeat(2_000)}${']'.repeat(2_000)}}`,
    ])();
  }

  path(route: RegisteredRoute): string {
    if (this.chance(0.05)) {
      return this.pick([
        '/api/v1/nothing-here',
        '/api/v1/executions/x/y/z',
        '/api/v1/%E0%A4%A',
        '/api/v1//audit',
      ]);
    }
    const parameter = this.pick([
      randomUUID(),
      randomUUID(),
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      encodeURIComponent("' OR 1=1 --"),
      '%00',
      'x'.repeat(500),
      encodeURIComponent('../../etc'),
    ]);

    return concretePath(route, parameter);
  }

  query(): string {
    const keys = [
      'limit',
      'offset',
      'planId',
      'status',
      'mode',
      'afterSeq',
      'accountId',
      'region',
      'actor',
      'action',
      'outcome',
      'from',
      'to',
      'targetType',
      '__proto__[polluted]',
      'constructor[prototype][x]',
      'x',
    ];
    const values = [
      '-1',
      '0',
      '1',
      '1e9',
      'abc',
      '',
      '2026-01-01',
      'DRILL',
      '%00',
      'a,b',
      String(Number.MAX_SAFE_INTEGER),
    ];
    const parts: string[] = [];
    for (let index = this.integer(5); index > 0; index--) {
      parts.push(`${encodeURIComponent(this.pick(keys))}=${encodeURIComponent(this.pick(values))}`);
    }
    if (this.chance(0.1)) {
      parts.push('limit=1&limit=2');
    }

    return parts.length === 0 ? '' : `?${parts.join('&')}`;
  }

  headers(anonymous: boolean): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.chance(0.6)) {
      headers['Content-Type'] = this.pick([
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        'application/json; charset=nope',
        'multipart/form-data; boundary=x',
        '',
      ]);
    }
    if (this.chance(0.1)) {
      headers['Content-Encoding'] = this.pick(['gzip', 'br', 'identity', 'bogus']);
    }
    if (this.chance(0.1)) {
      headers['X-Forwarded-For'] = this.pick(['10.0.0.1', 'garbage', '::1, 127.0.0.2']);
    }
    if (anonymous && this.chance(0.5)) {
      headers.Authorization = this.pick([
        '',
        'Bearer',
        'Bearer ',
        'Basic YWRtaW46YWRtaW4=',
        'Bearer a.b.c',
        'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
        `Bearer ${'x'.repeat(5_000)}`,
        'Bearer x y z',
      ]);
    }

    return headers;
  }
}

describe('API under random and malformed input', () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it(`answers ${REQUESTS} seeded random requests without a 5xx and writes nothing`, async () => {
    const fuzzer = new Fuzzer(seededRandom(SEED));
    const routes = registeredRoutes(env.app);
    const adminToken = await env.tokenFor('admin' as never);
    const before = await countRowsOfEveryTable(env.dataSource, ['audit_records']);
    const failures: string[] = [];
    const statuses = new Map<number, number>();

    for (let index = 0; index < REQUESTS; index++) {
      const anonymous = index % 2 === 1;
      const route = fuzzer.pick(routes);
      const method = fuzzer.chance(0.8) ? route.method : fuzzer.pick(METHODS);
      const url = `${fuzzer.path(route)}${fuzzer.query()}`;
      const headers = fuzzer.headers(anonymous);
      const body = fuzzer.rawBody();

      let request: Test = env.anonymous()[method.toLowerCase() as 'get'](url);
      for (const [name, value] of Object.entries(headers)) {
        request = request.set(name, value);
      }
      if (!anonymous) {
        request = request.set('Authorization', `Bearer ${adminToken}`);
      }
      const response = body === undefined || method === 'GET' ? await request : await request.send(body);

      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const label = `#${index} ${method} ${url.slice(0, 120)} ${JSON.stringify(headers).slice(0, 120)} body=${String(body).slice(0, 80)}`;
      if (response.status >= 500) {
        failures.push(`${label} returned ${response.status} ${JSON.stringify(response.body)}`);
      } else if (response.status >= 400 && !url.startsWith('/api/docs')) {
        const keys = Object.keys(response.body ?? {}).sort();
        const knownCode = (Object.values(ErrorCode) as string[]).includes(response.body?.code);
        if (
          keys.join() !== ERROR_BODY_KEYS.join() ||
          !knownCode ||
          response.body.statusCode !== response.status
        ) {
          failures.push(
            `${label} returned ${response.status} outside the error shape: ${response.text.slice(0, 200)}`,
          );
        }
      }
    }

    await env.app.get(AuditRecorder).flush();
    expect(failures).toEqual([]);
    expect(await countRowsOfEveryTable(env.dataSource, ['audit_records'])).toEqual(before);
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(['users', 'signing_keys', 'executions', 'outbox']),
    );
    // The run reached past validation: some requests were rejected for their content, not only their token.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(50);
    expect(statuses.get(401) ?? 0).toBeGreaterThan(100);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
