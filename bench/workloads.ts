import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepositoryRoot } from '@drs/local-stack';

export interface GroupSpec {
  name: string;
  accountId: string;
  region: string;
  tagSelector?: Record<string, string[]>;
  sourceServerIds?: string[];
}

export interface WaveSpec {
  name: string;
  dependsOn: string[];
  groups: GroupSpec[];
}

export interface PlanSpec {
  name: string;
  waves: WaveSpec[];
}

/** What one benchmark scenario runs: its plans, and how many of their executions run at once. */
export interface Workload {
  name: string;
  description: string;
  /** Emulator scenario that holds the servers. */
  scenario: string;
  /** Started in this order; the next one starts as soon as a running execution ends. */
  plans: PlanSpec[];
  maxConcurrentExecutions: number;
}

interface ScenarioServer {
  sourceServerID: string;
  tags?: Record<string, string>;
}

interface ScenarioAccount {
  accountID: string;
  region: string;
  sourceServers: ScenarioServer[];
}

function readScenarioAccounts(scenario: string): ScenarioAccount[] {
  const path = join(findRepositoryRoot(), 'scenarios', `${scenario}.json`);

  return (JSON.parse(readFileSync(path, 'utf8')) as { accounts: ScenarioAccount[] }).accounts;
}

/** Every `ACCOUNT/REGION` pair that a workload's groups name. */
export function workloadTargets(workload: Workload): string[] {
  const targets = new Set<string>();
  for (const group of workload.plans.flatMap((plan) => plan.waves.flatMap((wave) => wave.groups))) {
    targets.add(`${group.accountId}/${group.region}`);
  }

  return [...targets].sort();
}

const ORDERS_TIERS = ['database', 'app', 'web', 'monitoring'];

/** The demo's plan: application `orders` of three-tier-100 in four chained waves, one group per `Tier`. */
export function threeTierWorkload(): Workload {
  const [account] = readScenarioAccounts('three-tier-100');
  const waves = ORDERS_TIERS.map((tier, index) => ({
    name: tier,
    dependsOn: index === 0 ? [] : [ORDERS_TIERS[index - 1]],
    groups: [
      {
        name: `orders-${tier}`,
        accountId: account.accountID,
        region: account.region,
        tagSelector: { Application: ['orders'], Tier: [tier] },
      },
    ],
  }));

  return {
    name: 'three-tier-100',
    description: 'orders: database -> app -> web -> monitoring, 100 servers in 4 waves',
    scenario: 'three-tier-100',
    plans: [{ name: 'orders', waves }],
    maxConcurrentExecutions: 1,
  };
}

/** All 250 servers of the first account of enterprise-1000 in one parallel wave. */
export function singleWaveWorkload(): Workload {
  const [account] = readScenarioAccounts('enterprise-1000');
  const group: GroupSpec = {
    name: `all-of-${account.accountID}-${account.region}`,
    accountId: account.accountID,
    region: account.region,
    sourceServerIds: account.sourceServers.map((server) => server.sourceServerID),
  };

  return {
    name: 'single-wave-250',
    description: `every server of ${account.accountID}/${account.region} (${account.sourceServers.length}) in one wave`,
    scenario: 'enterprise-1000',
    plans: [{ name: 'single-wave', waves: [{ name: 'all', dependsOn: [], groups: [group] }] }],
    maxConcurrentExecutions: 1,
  };
}

/**
 * Tiers of enterprise-1000 in the order they start: what other tiers need (data stores,
 * directory, caches, brokers, name service, bastions, search indexes), then application and
 * processing tiers, then what users and operators reach (web, gateways, reports, monitoring).
 */
const ENTERPRISE_TIER_STAGES = [
  ['database', 'directory', 'cache', 'broker', 'dns', 'bastion', 'index'],
  ['app', 'compute', 'api', 'etl', 'batch', 'logging'],
  ['web', 'gateway', 'reporting', 'monitoring'],
];

function tierStage(tier: string): number {
  const stage = ENTERPRISE_TIER_STAGES.findIndex((tiers) => tiers.includes(tier));
  if (stage < 0) {
    throw new Error(`enterprise-1000 has a tier "${tier}" that bench/workloads.ts does not place in a wave`);
  }

  return stage;
}

/**
 * One plan per application of enterprise-1000. Each plan has one wave per tier stage that the
 * application has, each wave depending on the one before; a wave holds one tag-selector group
 * per account and Region where the application has servers of those tiers. Plans run three at a
 * time, largest first.
 */
export function enterpriseWorkload(): Workload {
  const accounts = readScenarioAccounts('enterprise-1000');
  // application -> stage -> target -> tiers
  const layout = new Map<string, Map<number, Map<string, Set<string>>>>();
  const sizes = new Map<string, number>();
  for (const account of accounts) {
    const target = `${account.accountID}/${account.region}`;
    for (const server of account.sourceServers) {
      const application = server.tags?.Application;
      const tier = server.tags?.Tier;
      if (!application || !tier) {
        throw new Error(`server ${server.sourceServerID} in ${target} has no Application or Tier tag`);
      }
      const stages = layout.get(application) ?? new Map<number, Map<string, Set<string>>>();
      layout.set(application, stages);
      const targets = stages.get(tierStage(tier)) ?? new Map<string, Set<string>>();
      stages.set(tierStage(tier), targets);
      targets.set(target, (targets.get(target) ?? new Set<string>()).add(tier));
      sizes.set(application, (sizes.get(application) ?? 0) + 1);
    }
  }

  const plans: PlanSpec[] = [];
  for (const [application, stages] of layout) {
    const waves: WaveSpec[] = [];
    for (const stage of [...stages.keys()].sort((a, b) => a - b)) {
      const targets = stages.get(stage) as Map<string, Set<string>>;
      const tiers = [...new Set([...targets.values()].flatMap((set) => [...set]))].sort();
      const name = tiers.join('+');
      const groups = [...targets.entries()].map(([target, targetTiers]) => {
        const [accountId, region] = target.split('/');

        return {
          name: `${application}-${name}-${accountId}-${region}`,
          accountId,
          region,
          tagSelector: { Application: [application], Tier: [...targetTiers].sort() },
        };
      });
      waves.push({ name, dependsOn: waves.length === 0 ? [] : [waves[waves.length - 1].name], groups });
    }
    plans.push({ name: application, waves });
  }
  plans.sort((a, b) => (sizes.get(b.name) ?? 0) - (sizes.get(a.name) ?? 0) || a.name.localeCompare(b.name));

  return {
    name: 'enterprise-1000',
    description: `${plans.length} plans (one per application), 3 executions at a time, 4 accounts in 2 Regions`,
    scenario: 'enterprise-1000',
    plans,
    maxConcurrentExecutions: 3,
  };
}
