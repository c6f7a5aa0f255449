import { isJsonObject } from './json';
import { DrsModel, ShapeDefinition } from './model';

/** The kind of rule a value broke. */
export type ViolatedConstraint =
  | 'required'
  | 'type'
  | 'enum'
  | 'length'
  | 'pattern'
  | 'range'
  | 'count'
  | 'union';

/** One entry of `ValidationException.fieldList`, plus the kind of rule broken. */
export interface FieldViolation {
  name: string;
  message: string;
  constraint: ViolatedConstraint;
}

interface WalkContext {
  model: DrsModel;
  violations: FieldViolation[];
  /** Inside a shape marked sensitive (tags, for example), values are never echoed back. */
  sensitive: boolean;
}

const patternCache = new Map<string, RegExp>();

/**
 * Validates a value against a model shape and returns every violation found: missing required
 * members, wrong JSON types, enum values, patterns, string lengths, list and map sizes and
 * numeric ranges. Members the model does not know are ignored, as AWS JSON services do.
 * A `null` member counts as absent.
 *
 * Field names are paths such as `sourceServers[0].sourceServerID` and `tags["Owner"]`, with
 * list indexes counted from zero.
 */
export function validateShape(
  model: DrsModel,
  shapeName: string,
  value: unknown,
  path = '',
): FieldViolation[] {
  const context: WalkContext = { model, violations: [], sensitive: false };
  validateValue(context, shapeName, value, path);

  return context.violations;
}

/** Builds the top-level message of a ValidationException from its field list. */
export function describeViolations(violations: FieldViolation[]): string {
  if (violations.length === 0) {
    return 'Invalid request.';
  }

  const [first] = violations;
  const firstText = `${first.name || 'the request body'} ${first.message}`;
  if (violations.length === 1) {
    return `Invalid request: ${firstText}.`;
  }

  return `Invalid request: ${firstText}, and ${violations.length - 1} more (see fieldList).`;
}

function validateValue(context: WalkContext, shapeName: string, value: unknown, path: string): void {
  const shape = context.model.shape(shapeName);
  const outerSensitive = context.sensitive;
  context.sensitive = outerSensitive || shape.sensitive === true;

  switch (shape.type) {
    case 'structure':
      validateStructure(context, shape, value, path);
      break;
    case 'list':
      validateList(context, shape, value, path);
      break;
    case 'map':
      validateMap(context, shape, value, path);
      break;
    case 'string':
      validateString(context, shape, value, path);
      break;
    case 'integer':
    case 'long':
      validateNumber(context, shape, value, path, true);
      break;
    case 'float':
    case 'double':
      validateNumber(context, shape, value, path, false);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        report(context, path, 'type', `must be a boolean${describeActual(context, value)}`);
      }
      break;
    case 'timestamp':
      validateTimestamp(context, value, path);
      break;
    case 'blob':
      if (typeof value !== 'string') {
        report(context, path, 'type', 'must be a base64-encoded string');
      }
      break;
  }

  context.sensitive = outerSensitive;
}

function validateStructure(context: WalkContext, shape: ShapeDefinition, value: unknown, path: string): void {
  if (!isJsonObject(value)) {
    report(context, path, 'type', `must be a JSON object${describeActual(context, value)}`);
    return;
  }

  const members = shape.members ?? {};
  for (const requiredName of shape.required ?? []) {
    if (isAbsent(value[requiredName])) {
      report(context, joinMember(path, requiredName), 'required', 'is required');
    }
  }

  let membersSet = 0;
  for (const [memberName, reference] of Object.entries(members)) {
    const memberValue = value[memberName];
    if (isAbsent(memberValue)) {
      continue;
    }
    membersSet += 1;
    validateValue(context, reference.shape, memberValue, joinMember(path, memberName));
  }

  if (shape.union === true && membersSet !== 1) {
    report(
      context,
      path,
      'union',
      `must set exactly one of ${Object.keys(members).join(', ')}; got ${membersSet}`,
    );
  }
}

function validateList(context: WalkContext, shape: ShapeDefinition, value: unknown, path: string): void {
  if (!Array.isArray(value)) {
    report(context, path, 'type', `must be a JSON array${describeActual(context, value)}`);
    return;
  }

  checkCount(context, shape, value.length, path, 'item');

  const memberShape = shape.member?.shape;
  if (!memberShape) {
    return;
  }
  value.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    if (isAbsent(item)) {
      report(context, itemPath, 'required', 'must not be null');
      return;
    }
    validateValue(context, memberShape, item, itemPath);
  });
}

function validateMap(context: WalkContext, shape: ShapeDefinition, value: unknown, path: string): void {
  if (!isJsonObject(value)) {
    report(context, path, 'type', `must be a JSON object${describeActual(context, value)}`);
    return;
  }

  const entries = Object.entries(value);
  checkCount(context, shape, entries.length, path, 'entry');

  for (const [key, entryValue] of entries) {
    const entryPath = `${path}[${JSON.stringify(key)}]`;
    if (shape.key) {
      validateMapKey(context, shape.key.shape, key, path);
    }
    if (isAbsent(entryValue)) {
      report(context, entryPath, 'required', 'must not be null');
      continue;
    }
    if (shape.value) {
      validateValue(context, shape.value.shape, entryValue, entryPath);
    }
  }
}

/** Reports key violations against the map itself, because the bad key cannot name a field path. */
function validateMapKey(context: WalkContext, keyShapeName: string, key: string, mapPath: string): void {
  const keyViolations = validateShape(context.model, keyShapeName, key, '');
  for (const violation of keyViolations) {
    report(context, mapPath, violation.constraint, `key ${JSON.stringify(key)} ${violation.message}`);
  }
}

function validateString(context: WalkContext, shape: ShapeDefinition, value: unknown, path: string): void {
  if (typeof value !== 'string') {
    report(context, path, 'type', `must be a string${describeActual(context, value)}`);
    return;
  }

  const got = context.sensitive ? '' : `; got ${JSON.stringify(value)}`;

  if (shape.enum && !shape.enum.includes(value)) {
    report(context, path, 'enum', `must be one of ${shape.enum.join(', ')}${got}`);
    return;
  }

  // Lengths count Unicode code points, not UTF-16 units, as the Smithy length trait defines.
  const length = [...value].length;
  const lengthProblem = describeLengthProblem(shape, length);
  if (lengthProblem) {
    report(context, path, 'length', `${lengthProblem}${got}`);
    return;
  }

  if (shape.pattern && !compilePattern(shape.pattern).test(value)) {
    report(context, path, 'pattern', `must match the pattern ${shape.pattern}${got}`);
  }
}

function validateNumber(
  context: WalkContext,
  shape: ShapeDefinition,
  value: unknown,
  path: string,
  integer: boolean,
): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    report(
      context,
      path,
      'type',
      `must be ${integer ? 'an integer' : 'a number'}${describeActual(context, value)}`,
    );
    return;
  }

  if (shape.min !== undefined && value < shape.min) {
    report(context, path, 'range', `must be at least ${shape.min}; got ${value}`);
    return;
  }
  if (shape.max !== undefined && value > shape.max) {
    report(context, path, 'range', `must be at most ${shape.max}; got ${value}`);
  }
}

/** restJson1 sends timestamps as epoch seconds by default; the ISO form is accepted as well. */
function validateTimestamp(context: WalkContext, value: unknown, path: string): void {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return;
  }
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return;
  }

  report(
    context,
    path,
    'type',
    `must be epoch seconds or an ISO 8601 date-time${describeActual(context, value)}`,
  );
}

function checkCount(
  context: WalkContext,
  shape: ShapeDefinition,
  count: number,
  path: string,
  noun: 'item' | 'entry',
): void {
  if (shape.min !== undefined && count < shape.min) {
    report(
      context,
      path,
      'count',
      `must contain at least ${shape.min} ${pluralize(noun, shape.min)}; got ${count}`,
    );
  }
  if (shape.max !== undefined && count > shape.max) {
    report(
      context,
      path,
      'count',
      `must contain at most ${shape.max} ${pluralize(noun, shape.max)}; got ${count}`,
    );
  }
}

function pluralize(noun: 'item' | 'entry', count: number): string {
  if (count === 1) {
    return noun;
  }

  return noun === 'entry' ? 'entries' : 'items';
}

function describeLengthProblem(shape: ShapeDefinition, length: number): string | undefined {
  const { min, max } = shape;
  const tooShort = min !== undefined && length < min;
  const tooLong = max !== undefined && length > max;
  if (!tooShort && !tooLong) {
    return undefined;
  }

  if (min !== undefined && min === max) {
    return `must be exactly ${min} characters long, not ${length}`;
  }
  if (tooShort) {
    return `must be at least ${min} characters long, not ${length}`;
  }

  return `must be at most ${max} characters long, not ${length}`;
}

function compilePattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    // Smithy patterns are not implicitly anchored, so RegExp.test (a search) is the right match.
    compiled = new RegExp(pattern, 'u');
    patternCache.set(pattern, compiled);
  }

  return compiled;
}

function describeActual(context: WalkContext, value: unknown): string {
  if (context.sensitive) {
    return '';
  }
  if (value === null) {
    return '; got null';
  }
  if (Array.isArray(value)) {
    return '; got an array';
  }
  if (typeof value === 'object') {
    return '; got an object';
  }

  return `; got a ${typeof value}`;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function joinMember(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

function report(context: WalkContext, name: string, constraint: ViolatedConstraint, message: string): void {
  context.violations.push({ name, message, constraint });
}
