import { SourceServersController } from '../../apps/api-gateway/src/source-servers/source-servers.controller';
import { createExplicitGroup, createTagGroup, InventoryServer, listInventory } from '../support/api-fixtures';
import {
  ApiTestEnvironment,
  startApiTestEnvironment,
  TEST_ACCOUNT_ID,
  TEST_REGION,
} from '../support/api-test-environment';

describe(SourceServersController.name, () => {
  let env: ApiTestEnvironment;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
  });

  afterAll(async () => {
    await env?.close();
  });

  it('lists every server of the configured target with its replication state', async () => {
    const response = await env.http().get('/api/v1/drs/source-servers');

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(102);
    const lagging = response.body.items.find(
      (server: InventoryServer & { lagSeconds: number }) => server.lagSeconds === 750,
    );
    expect(lagging).toMatchObject({ lagDuration: 'PT12M30S', replicationState: 'BACKLOG' });
    const [first] = response.body.items;
    expect(first).toEqual({
      sourceServerId: expect.stringMatching(/^s-[0-9a-z]{17}$/),
      accountId: TEST_ACCOUNT_ID,
      region: TEST_REGION,
      hostname: expect.any(String),
      osFamily: expect.stringMatching(/^(WINDOWS|LINUX)$/),
      os: expect.any(String),
      replicationState: expect.any(String),
      lagDuration: expect.any(String),
      lagSeconds: expect.any(Number),
      lastSeenAt: expect.any(String),
      tags: expect.objectContaining({ Application: expect.any(String), Tier: expect.any(String) }),
      protectionGroup: null,
    });
  });

  it('names the protection group of each server, explicit or by tag selector', async () => {
    const inventory = await listInventory(env);
    const database = inventory.filter((server) => server.tags.Tier === 'database');
    const explicitGroupId = await createExplicitGroup(env, [database[0].sourceServerId]);
    const selectorGroupId = await createTagGroup(env, { Application: ['hr-portal'] });

    const servers = await listInventory(env);

    const groupOf = (sourceServerId: string) =>
      servers.find((server) => server.sourceServerId === sourceServerId)?.protectionGroup?.id ?? null;
    expect(groupOf(database[0].sourceServerId)).toBe(explicitGroupId);
    expect(groupOf(database[1].sourceServerId)).toBeNull();
    const hrPortal = servers.filter((server) => server.tags.Application === 'hr-portal');
    expect(hrPortal).toHaveLength(2);
    expect(hrPortal.map((server) => server.protectionGroup?.id)).toEqual([selectorGroupId, selectorGroupId]);
  });

  it('lists only the target asked for', async () => {
    const response = await env
      .http()
      .get(`/api/v1/drs/source-servers?accountId=${TEST_ACCOUNT_ID}&region=${TEST_REGION}`);

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(102);
  });

  it('rejects a target that is not configured', async () => {
    const response = await env
      .http()
      .get(`/api/v1/drs/source-servers?accountId=210987654321&region=${TEST_REGION}`);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('UNKNOWN_DRS_TARGET');
    expect(response.body.details).toEqual({ accountId: '210987654321', region: TEST_REGION });
  });

  it('rejects a malformed account id', async () => {
    const response = await env.http().get('/api/v1/drs/source-servers?accountId=12345');

    expect(response.status).toBe(400);
    expect(response.body.details.fields).toEqual([
      { field: 'accountId', errors: ['accountId must be 12 digits'] },
    ]);
  });

  it('returns 503 naming the target when DRS fails', async () => {
    env.emulator.setFaults({ operations: { DescribeSourceServers: { internalErrorRate: 1 } } });
    try {
      const response = await env.http().get('/api/v1/drs/source-servers');

      expect(response.status).toBe(503);
      expect(response.body.code).toBe('DRS_UNAVAILABLE');
      expect(response.body.details).toMatchObject({ accountId: TEST_ACCOUNT_ID, region: TEST_REGION });
      expect(response.body.details.reason).toMatch(/InternalServerException/);
    } finally {
      env.emulator.setFaults({ operations: { DescribeSourceServers: { internalErrorRate: 0 } } });
    }
  });
});
