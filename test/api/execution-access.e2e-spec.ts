import { ErrorCode, Role } from '@drs/domain';

import { createExplicitGroup, createPlan, finishExecution, serversTagged } from '../support/api-fixtures';
import { ApiTestEnvironment, countAllRows, startApiTestEnvironment } from '../support/api-test-environment';

describe('execution start by mode', () => {
  let env: ApiTestEnvironment;
  let planId: string;
  let planName: string;

  beforeAll(async () => {
    env = await startApiTestEnvironment();
    const [server] = await serversTagged(env, { Application: 'orders', Tier: 'web' });
    planId = await createPlan(env, [await createExplicitGroup(env, [server])]);
    planName = (await env.http().get(`/api/v1/recovery-plans/${planId}`).expect(200)).body.name;
  });

  afterAll(async () => {
    await env?.close();
  });

  const start = async (role: Role, body: Record<string, unknown>) =>
    (await env.as(role)).post('/api/v1/executions').send({ planId, ...body });

  it('refuses a recovery without confirmPlanName and says what is missing', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await start(Role.RecoveryAdmin, { mode: 'RECOVERY' });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe(ErrorCode.ConfirmationRequired);
    expect(response.body.message).toContain('confirmPlanName is missing');
    expect(response.body.message).toContain(`"${planName}"`);
    expect(response.body.details).toEqual({ planId, field: 'confirmPlanName' });
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('refuses a recovery whose confirmation names another plan', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await start(Role.RecoveryAdmin, { mode: 'RECOVERY', confirmPlanName: `${planName}-x` });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe(ErrorCode.ConfirmationRequired);
    expect(response.body.message).toContain(`confirmPlanName "${planName}-x" does not match`);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('refuses a recovery by an operator before reading the plan', async () => {
    const before = await countAllRows(env.dataSource);

    const response = await start(Role.Operator, { mode: 'RECOVERY', confirmPlanName: planName });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe(ErrorCode.Forbidden);
    expect(response.body.message).toContain('needs recovery-admin');
    expect(response.body.message).not.toContain(planName);
    expect(await countAllRows(env.dataSource)).toEqual(before);
  });

  it('starts a confirmed recovery for a recovery-admin', async () => {
    const response = await start(Role.RecoveryAdmin, { mode: 'RECOVERY', confirmPlanName: planName });

    expect(response.status).toBe(202);
    await finishExecution(env, response.body.id, 'CANCELLED');
  });

  it('starts a drill for an operator without any confirmation', async () => {
    const response = await start(Role.Operator, { mode: 'DRILL' });

    expect(response.status).toBe(202);
    expect(response.body.status).toBe('PENDING');
    await finishExecution(env, response.body.id, 'SUCCEEDED');
  });

  it('refuses a drill by a viewer', async () => {
    const response = await start(Role.Viewer, { mode: 'DRILL' });

    expect(response.status).toBe(403);
    expect(response.body.code).toBe(ErrorCode.Forbidden);
  });
});
