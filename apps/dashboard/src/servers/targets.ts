/** A DRS target: one account in one Region, the scope of every source server and protection group. */
export interface DrsTarget {
  accountId: string;
  region: string;
}

/** Returns a key for maps and Select values, such as "123456789012/us-east-1". */
export function targetKey(target: DrsTarget): string {
  return `${target.accountId}/${target.region}`;
}

/** Formats the target as the dashboard shows it, such as "123456789012 / us-east-1". */
export function targetLabel(target: DrsTarget): string {
  return `${target.accountId} / ${target.region}`;
}

/** Returns the distinct targets of `items`, by account and then Region. */
export function listTargets(items: readonly DrsTarget[]): DrsTarget[] {
  const byKey = new Map<string, DrsTarget>();
  for (const item of items) {
    byKey.set(targetKey(item), { accountId: item.accountId, region: item.region });
  }

  return [...byKey.values()].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
  );
}

/** True when `item` belongs to the target with the given key. */
export function inTarget(item: DrsTarget, key: string): boolean {
  return targetKey(item) === key;
}
