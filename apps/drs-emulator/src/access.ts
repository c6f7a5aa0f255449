import { isJsonObject } from './json';
import { SettingsError } from './settings';

/** An access key whose calls are denied, to every operation or to the listed ones. */
export interface AccessDenial {
  accessKeyId: string;
  /** Operation names; absent means every operation. */
  operations?: string[];
}

/**
 * Stand-in for IAM: the emulator checks no signatures and no policies, so a test that needs
 * AccessDeniedException names the access keys to deny.
 */
export interface AccessRules {
  deniedAccessKeys: AccessDenial[];
}

export function noAccessRules(): AccessRules {
  return { deniedAccessKeys: [] };
}

export function copyAccessRules(rules: AccessRules): AccessRules {
  return {
    deniedAccessKeys: rules.deniedAccessKeys.map((denial) => ({
      accessKeyId: denial.accessKeyId,
      ...(denial.operations ? { operations: [...denial.operations] } : {}),
    })),
  };
}

export function isAccessDenied(
  rules: AccessRules,
  accessKeyId: string | undefined,
  operationName: string,
): boolean {
  if (accessKeyId === undefined) {
    return false;
  }

  return rules.deniedAccessKeys.some(
    (denial) =>
      denial.accessKeyId === accessKeyId &&
      (denial.operations === undefined || denial.operations.includes(operationName)),
  );
}

/** Reads `{"deniedAccessKeys": [{"accessKeyId": "...", "operations": ["..."]}]}` and lists every problem. */
export function parseAccessRules(value: unknown, operationNames: readonly string[]): AccessRules {
  if (!isJsonObject(value) || !Array.isArray(value.deniedAccessKeys)) {
    throw new SettingsError('the access body must be {"deniedAccessKeys": [{"accessKeyId": "..."}]}');
  }

  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'deniedAccessKeys') {
      problems.push(`unknown member "${key}"; expected deniedAccessKeys`);
    }
  }

  const deniedAccessKeys: AccessDenial[] = [];
  value.deniedAccessKeys.forEach((entry, index) => {
    const where = `deniedAccessKeys[${index}]`;
    if (!isJsonObject(entry) || typeof entry.accessKeyId !== 'string' || entry.accessKeyId === '') {
      problems.push(`${where}.accessKeyId must be a non-empty string`);
      return;
    }
    if (entry.operations === undefined) {
      deniedAccessKeys.push({ accessKeyId: entry.accessKeyId });
      return;
    }
    if (!Array.isArray(entry.operations)) {
      problems.push(`${where}.operations must be a list of operation names`);
      return;
    }

    const operations: string[] = [];
    for (const name of entry.operations) {
      if (typeof name === 'string' && operationNames.includes(name)) {
        operations.push(name);
      } else {
        problems.push(`${where}.operations: ${JSON.stringify(name)} is not a DRS operation`);
      }
    }
    deniedAccessKeys.push({ accessKeyId: entry.accessKeyId, operations });
  });

  if (problems.length > 0) {
    throw new SettingsError(`invalid access rules: ${problems.join('; ')}`);
  }

  return { deniedAccessKeys };
}
