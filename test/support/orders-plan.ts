import { LocalStack } from '@drs/local-stack';

import { api } from './stack-helpers';

export const ORDERS_ACCOUNT = '123456789012';
export const ORDERS_REGION = 'us-east-1';
export const ORDERS_TIERS = ['database', 'app', 'web', 'monitoring'] as const;

/** One tag-selector group per tier of `orders` in three-tier-100 and a four-wave chain over them. */
export async function createOrdersPlan(stack: LocalStack, name: string): Promise<string> {
  const groupIds: string[] = [];
  for (const tier of ORDERS_TIERS) {
    const { body } = await api<{ id: string }>(stack, 'POST', '/protection-groups', {
      name: `${name}-${tier}`,
      accountId: ORDERS_ACCOUNT,
      region: ORDERS_REGION,
      tagSelector: { Application: ['orders'], Tier: [tier] },
    });
    groupIds.push(body.id);
  }
  const { body: plan } = await api<{ id: string }>(stack, 'POST', '/recovery-plans', {
    name,
    waves: ORDERS_TIERS.map((tier, index) => ({
      name: tier,
      protectionGroupIds: [groupIds[index]],
      launchOrder: 'parallel',
      dependsOn: index === 0 ? [] : [ORDERS_TIERS[index - 1]],
    })),
  });

  return plan.id;
}

/** Emulator faults for every operation the orchestrator calls, at the given rates. */
export function faultsForAllOperations(rates: {
  throttleRate?: number;
  internalErrorRate?: number;
  hangRate?: number;
  startRecoveryConflictRate?: number;
}): object {
  const operations = [
    'DescribeSourceServers',
    'StartRecovery',
    'DescribeJobs',
    'DescribeJobLogItems',
    'DescribeRecoveryInstances',
    'TerminateRecoveryInstances',
  ];
  const common = {
    throttleRate: rates.throttleRate ?? 0,
    internalErrorRate: rates.internalErrorRate ?? 0,
    hangRate: rates.hangRate ?? 0,
  };

  return {
    operations: Object.fromEntries(
      operations.map((operation) => [
        operation,
        operation === 'StartRecovery'
          ? { ...common, conflictRate: rates.startRecoveryConflictRate ?? 0 }
          : common,
      ]),
    ),
  };
}

export async function setEmulatorFaults(stack: LocalStack, faults: object): Promise<void> {
  const response = await fetch(`${stack.emulatorUrl}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) {
    throw new Error(`setting emulator faults failed: ${response.status} ${await response.text()}`);
  }
}
