import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a botocore shape that the checks below read. */
export interface ModelShape {
  type: string;
  members?: Record<string, { shape: string; location?: string; locationName?: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  exception?: boolean;
  error?: { httpStatusCode: number };
}

export interface ModelOperation {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

/**
 * Reads the botocore model straight from its JSON file, without the emulator's model code, so the
 * tests do not check the emulator against itself.
 */
export function readServiceModel(): ServiceModel {
  const path = join(__dirname, '..', '..', '..', 'apps', 'drs-emulator', 'model', 'service-2.json');

  return JSON.parse(readFileSync(path, 'utf8')) as ServiceModel;
}

/** The operations the emulator implements, in the order of the emulator's README. */
export const EMULATED_OPERATIONS = [
  'DescribeSourceServers',
  'StartRecovery',
  'DescribeJobs',
  'DescribeJobLogItems',
  'DeleteJob',
  'DescribeRecoveryInstances',
  'TerminateRecoveryInstances',
  'DisconnectRecoveryInstance',
  'DescribeRecoverySnapshots',
  'GetLaunchConfiguration',
  'UpdateLaunchConfiguration',
  'StartFailbackLaunch',
  'StopFailback',
  'ReverseReplication',
  'PutLaunchAction',
  'ListLaunchActions',
  'DeleteLaunchAction',
  'ListStagingAccounts',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
] as const;

export type EmulatedOperation = (typeof EMULATED_OPERATIONS)[number];

export interface ConformanceReport {
  problems: string[];
  /** `Shape.member` for every structure member seen, to show how much of the model a run exercised. */
  visitedMembers: Set<string>;
}

/**
 * Checks a response value against a model shape, recursively: member names (any member the
 * model lacks is a problem, at every depth), JSON types, enums, required members, string
 * lengths and patterns, list and map sizes, and numeric ranges. Header-bound members must not
 * appear in a JSON body.
 */
export function checkAgainstShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path: string,
  report: ConformanceReport = { problems: [], visitedMembers: new Set() },
): ConformanceReport {
  const shape = model.shapes[shapeName];
  if (!shape) {
    report.problems.push(`${path}: the model has no shape ${shapeName}`);
    return report;
  }

  const problem = (message: string) => report.problems.push(`${path}: ${message}`);
  switch (shape.type) {
    case 'structure':
      checkStructure(model, shapeName, shape, value, path, report);
      break;
    case 'list':
      if (!Array.isArray(value)) {
        problem(`expected a list (${shapeName}), got ${describe(value)}`);
        break;
      }
      checkCount(shape, value.length, problem);
      value.forEach((item, index) =>
        checkAgainstShape(model, shape.member?.shape ?? '', item, `${path}[${index}]`, report),
      );
      break;
    case 'map':
      if (!isPlainObject(value)) {
        problem(`expected a map (${shapeName}), got ${describe(value)}`);
        break;
      }
      checkCount(shape, Object.keys(value).length, problem);
      for (const [key, entry] of Object.entries(value)) {
        checkAgainstShape(model, shape.key?.shape ?? '', key, `${path} key ${JSON.stringify(key)}`, report);
        checkAgainstShape(model, shape.value?.shape ?? '', entry, `${path}[${JSON.stringify(key)}]`, report);
      }
      break;
    case 'string':
      checkString(shapeName, shape, value, problem);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        problem(`expected a boolean, got ${describe(value)}`);
      }
      break;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        problem(`expected an integer, got ${describe(value)}`);
      } else {
        checkRange(shape, value, problem);
      }
      break;
    case 'float':
    case 'double':
      if (typeof value !== 'number') {
        problem(`expected a number, got ${describe(value)}`);
      }
      break;
    case 'timestamp':
      // restJson1 writes timestamps as epoch seconds; an ISO string is what DRS's own date members use.
      if (typeof value !== 'number' && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) {
        problem(`expected epoch seconds or a date-time string, got ${describe(value)}`);
      }
      break;
    default:
      problem(`shape ${shapeName} has type ${shape.type}, which these checks do not know`);
  }

  return report;
}

function checkStructure(
  model: ServiceModel,
  shapeName: string,
  shape: ModelShape,
  value: unknown,
  path: string,
  report: ConformanceReport,
): void {
  if (!isPlainObject(value)) {
    report.problems.push(`${path}: expected a structure (${shapeName}), got ${describe(value)}`);
    return;
  }

  const members = shape.members ?? {};
  for (const required of shape.required ?? []) {
    if (value[required] === undefined || value[required] === null) {
      report.problems.push(`${path}.${required}: required by ${shapeName}, missing`);
    }
  }

  for (const [name, memberValue] of Object.entries(value)) {
    const member = members[name];
    if (!member) {
      report.problems.push(`${path}.${name}: ${shapeName} has no member ${name}`);
      continue;
    }
    if (member.location !== undefined) {
      report.problems.push(`${path}.${name}: bound to a ${member.location}, so it must not be in the body`);
      continue;
    }
    if (memberValue === null) {
      report.problems.push(`${path}.${name}: null; an unset member is left out`);
      continue;
    }
    report.visitedMembers.add(`${shapeName}.${name}`);
    checkAgainstShape(model, member.shape, memberValue, `${path}.${name}`, report);
  }
}

function checkString(
  shapeName: string,
  shape: ModelShape,
  value: unknown,
  problem: (message: string) => void,
): void {
  if (typeof value !== 'string') {
    problem(`expected a string (${shapeName}), got ${describe(value)}`);
    return;
  }
  if (shape.enum && !shape.enum.includes(value)) {
    problem(`${JSON.stringify(value)} is not one of ${shapeName}: ${shape.enum.join(', ')}`);
  }

  const length = [...value].length;
  if (shape.min !== undefined && length < shape.min) {
    problem(`${JSON.stringify(value)} is shorter than ${shape.min} (${shapeName})`);
  }
  if (shape.max !== undefined && length > shape.max) {
    problem(`${JSON.stringify(value).slice(0, 40)}… is longer than ${shape.max} (${shapeName})`);
  }
  if (shape.pattern && !new RegExp(shape.pattern, 'u').test(value)) {
    problem(`${JSON.stringify(value)} does not match ${shape.pattern} (${shapeName})`);
  }
}

function checkCount(shape: ModelShape, count: number, problem: (message: string) => void): void {
  if (shape.min !== undefined && count < shape.min) {
    problem(`has ${count} entries, fewer than ${shape.min}`);
  }
  if (shape.max !== undefined && count > shape.max) {
    problem(`has ${count} entries, more than ${shape.max}`);
  }
}

function checkRange(shape: ModelShape, value: number, problem: (message: string) => void): void {
  if (shape.min !== undefined && value < shape.min) {
    problem(`${value} is below ${shape.min}`);
  }
  if (shape.max !== undefined && value > shape.max) {
    problem(`${value} is above ${shape.max}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'a list';
  }

  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
