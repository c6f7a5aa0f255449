import { EmulatedOperation, ModelShape, ServiceModel } from './service-model';

export type MutationKind =
  | 'wrongType'
  | 'badPattern'
  | 'tooLong'
  | 'tooShort'
  | 'tooManyItems'
  | 'tooFewItems'
  | 'missingRequired'
  | 'badEnum'
  | 'outOfRange'
  | 'notInteger';

export const MUTATION_KINDS: MutationKind[] = [
  'wrongType',
  'badPattern',
  'tooLong',
  'tooShort',
  'tooManyItems',
  'tooFewItems',
  'missingRequired',
  'badEnum',
  'outOfRange',
  'notInteger',
];

/** Valid values of the input shapes that have a pattern; the generator cannot invent them. */
export const PATTERN_SAMPLES: Record<string, string> = {
  ARN: 'arn:aws:drs:us-east-1:123456789012:source-server/s-0123456789abcdefg',
  AccountID: '123456789012',
  EC2InstanceID: 'i-0123456789abcdef0',
  ISO8601DatetimeString: '2026-11-30T12:00:00Z',
  JobID: 'drsjob-0123456789abcdefg',
  LaunchActionDescription: 'Checks the service',
  LaunchActionId: '0d4c3b2a-1f2e-4d3c-8b7a-6f5e4d3c2b1a',
  LaunchActionName: 'check-service',
  LaunchActionParameterName: 'commands',
  LaunchActionParameterValue: 'check.v1',
  LaunchActionResourceId: 's-0123456789abcdefg',
  LaunchActionVersion: '$DEFAULT',
  RecoveryInstanceID: 'i-0123456789abcdef0',
  RecoverySnapshotID: 'pit-0123456789abcdefg',
  SourceServerID: 's-0123456789abcdefg',
  SsmDocumentName: 'AWS-RunShellScript',
};

/** A structure member, a list index, or the key of a map value. */
type Segment = string | number | { mapKey: string };
type Location = 'uri' | 'querystring' | undefined;

/** One value in a baseline input, with where it sits. */
interface InputNode {
  segments: Segment[];
  shapeName: string;
  location: Location;
  /** Set when the node is a member of a structure that requires it. */
  required: boolean;
  /** The node stands for the keys of the map at `segments`, not for a value. */
  mapKey?: { keyShape: string; key: string };
}

export interface FuzzRequest {
  operation: EmulatedOperation;
  kind: MutationKind;
  /** The field the ValidationException must name, in the emulator's notation. */
  field: string;
  input: Record<string, unknown>;
}

export interface HttpParts {
  method: string;
  path: string;
  body: string | undefined;
}

/**
 * Builds malformed requests from the model: a valid input per operation, then one mutation of
 * one value, chosen by a seeded generator. Each request names the field the mutation breaks.
 */
export class RequestFuzzer {
  constructor(
    private readonly model: ServiceModel,
    private readonly random: () => number,
  ) {}

  /** Returns an input that every rule of the model accepts, with every member set. */
  baseline(operation: EmulatedOperation): Record<string, unknown> {
    const inputShape = this.model.operations[operation].input?.shape;

    return inputShape ? (this.validValue(inputShape) as Record<string, unknown>) : {};
  }

  /** Returns the mutations that can apply to this operation's input. */
  applicableKinds(operation: EmulatedOperation): MutationKind[] {
    const nodes = this.nodesOf(operation, this.baseline(operation));

    return MUTATION_KINDS.filter((kind) => nodes.some((node) => this.mutation(node, kind) !== undefined));
  }

  generate(operation: EmulatedOperation): FuzzRequest {
    const input = this.baseline(operation);
    const nodes = this.nodesOf(operation, input);
    const kinds = this.applicableKinds(operation);
    const kind = kinds[Math.floor(this.random() * kinds.length)];
    const candidates = nodes.filter((node) => this.mutation(node, kind) !== undefined);
    const node = candidates[Math.floor(this.random() * candidates.length)];
    const apply = this.mutation(node, kind) as (input: Record<string, unknown>) => void;
    apply(input);

    return { operation, kind, field: fieldName(node.segments), input };
  }

  /** Serializes an input the way restJson1 binds it: path labels, query string and JSON body. */
  toHttp(operation: EmulatedOperation, input: Record<string, unknown>): HttpParts {
    const definition = this.model.operations[operation];
    const members = this.model.shapes[definition.input?.shape ?? '']?.members ?? {};
    const query = new URLSearchParams();
    const body: Record<string, unknown> = {};
    let path = definition.http.requestUri;
    let hasBodyMembers = false;

    for (const [name, member] of Object.entries(members)) {
      const value = input[name];
      if (member.location === undefined) {
        hasBodyMembers = true;
      }
      if (value === undefined) {
        continue;
      }
      const wireName = member.locationName ?? name;
      if (member.location === 'uri') {
        path = path.replace(`{${wireName}}`, encodeURIComponent(String(value)));
      } else if (member.location === 'querystring') {
        for (const item of Array.isArray(value) ? value : [value]) {
          query.append(wireName, String(item));
        }
      } else {
        body[name] = value;
      }
    }

    const queryText = query.toString();

    return {
      method: definition.http.method,
      path: queryText ? `${path}?${queryText}` : path,
      body: hasBodyMembers ? JSON.stringify(body) : undefined,
    };
  }

  /** Lists the shapes with a pattern that the operations' inputs reach, to check PATTERN_SAMPLES against. */
  reachablePatternShapes(operations: readonly EmulatedOperation[]): string[] {
    const found = new Set<string>();
    const visit = (shapeName: string, seen: Set<string>) => {
      if (seen.has(shapeName)) {
        return;
      }
      seen.add(shapeName);
      const shape = this.shape(shapeName);
      if (shape.pattern) {
        found.add(shapeName);
      }
      for (const member of Object.values(shape.members ?? {})) {
        visit(member.shape, seen);
      }
      for (const child of [shape.member, shape.key, shape.value]) {
        if (child) {
          visit(child.shape, seen);
        }
      }
    };
    for (const operation of operations) {
      const input = this.model.operations[operation].input?.shape;
      if (input) {
        visit(input, new Set());
      }
    }

    return [...found].sort();
  }

  private shape(name: string): ModelShape {
    return this.model.shapes[name];
  }

  private validValue(shapeName: string): unknown {
    const shape = this.shape(shapeName);
    switch (shape.type) {
      case 'structure': {
        const value: Record<string, unknown> = {};
        for (const [name, member] of Object.entries(shape.members ?? {})) {
          value[name] = this.validValue(member.shape);
        }
        return value;
      }
      case 'list':
        return [this.validValue(shape.member?.shape ?? '')];
      case 'map':
        return {
          [this.validValue(shape.key?.shape ?? '') as string]: this.validValue(shape.value?.shape ?? ''),
        };
      case 'string':
        return validString(shapeName, shape);
      case 'integer':
      case 'long':
        return Math.min(shape.max ?? Number.MAX_SAFE_INTEGER, Math.max(shape.min ?? 1, 10));
      case 'boolean':
        return true;
      default:
        throw new Error(`the fuzzer has no valid value for ${shapeName} (${shape.type})`);
    }
  }

  private nodesOf(operation: EmulatedOperation, input: Record<string, unknown>): InputNode[] {
    const inputShape = this.model.operations[operation].input?.shape;
    if (!inputShape) {
      return [];
    }

    const nodes: InputNode[] = [];
    const shape = this.shape(inputShape);
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      const location = member.location as Location;
      const required = (shape.required ?? []).includes(name);
      this.collect(nodes, [name], member.shape, input[name], location, required);
    }

    return nodes;
  }

  private collect(
    nodes: InputNode[],
    segments: Segment[],
    shapeName: string,
    value: unknown,
    location: Location,
    required: boolean,
  ): void {
    const shape = this.shape(shapeName);
    nodes.push({ segments, shapeName, location, required });

    if (shape.type === 'structure') {
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const child = (value as Record<string, unknown>)[name];
        this.collect(
          nodes,
          [...segments, name],
          member.shape,
          child,
          undefined,
          (shape.required ?? []).includes(name),
        );
      }
    } else if (shape.type === 'list') {
      (value as unknown[]).forEach((item, index) =>
        this.collect(nodes, [...segments, index], shape.member?.shape ?? '', item, location, false),
      );
    } else if (shape.type === 'map') {
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        nodes.push({
          segments,
          shapeName,
          location,
          required: false,
          mapKey: { keyShape: shape.key?.shape ?? '', key },
        });
        this.collect(nodes, [...segments, { mapKey: key }], shape.value?.shape ?? '', entry, location, false);
      }
    }
  }

  /** Returns a function that applies the mutation to an input, or undefined when it does not fit the node. */
  private mutation(
    node: InputNode,
    kind: MutationKind,
  ): ((input: Record<string, unknown>) => void) | undefined {
    if (node.mapKey) {
      return this.keyMutation(node, kind);
    }

    const shape = this.shape(node.shapeName);
    const set = (value: unknown) => (input: Record<string, unknown>) => setAt(input, node.segments, value);
    const inUri = node.location === 'uri';
    const inQuery = node.location === 'querystring';

    switch (kind) {
      case 'missingRequired':
        return node.required && !inUri ? (input) => deleteAt(input, node.segments) : undefined;
      case 'wrongType':
        if (inUri) {
          return undefined;
        }
        if (inQuery) {
          return shape.type === 'integer' ? set('ten') : undefined;
        }
        return set(wrongTypeValue(shape));
      case 'badEnum':
        return shape.enum && !inUri ? set('NOT_A_MODEL_VALUE') : undefined;
      case 'badPattern':
        return shape.type === 'string' && shape.pattern
          ? set(`!${validString(node.shapeName, shape).slice(1)}`)
          : undefined;
      case 'tooLong':
        return shape.type === 'string' && shape.max !== undefined && !shape.enum
          ? set('a'.repeat(shape.max + 1))
          : undefined;
      case 'tooShort': {
        const shortest = inUri ? 2 : 1;
        return shape.type === 'string' && shape.min !== undefined && shape.min >= shortest && !shape.enum
          ? set('a'.repeat(shape.min - 1))
          : undefined;
      }
      case 'tooManyItems':
        if (inQuery || shape.max === undefined || (shape.type !== 'list' && shape.type !== 'map')) {
          return undefined;
        }
        return set(this.oversized(shape));
      case 'tooFewItems':
        return shape.type === 'list' && !inQuery && (shape.min ?? 0) >= 1 ? set([]) : undefined;
      case 'outOfRange': {
        if (shape.type !== 'integer' && shape.type !== 'long') {
          return undefined;
        }
        let outside: number;
        if (shape.max !== undefined) {
          outside = shape.max + 1;
        } else if (shape.min !== undefined) {
          outside = shape.min - 1;
        } else {
          return undefined;
        }
        // The query string carries text, which the emulator converts to a number.
        return set(inQuery ? String(outside) : outside);
      }
      case 'notInteger':
        if (shape.type !== 'integer' && shape.type !== 'long') {
          return undefined;
        }
        return set(inQuery ? '2.5' : 2.5);
    }
  }

  private keyMutation(
    node: InputNode,
    kind: MutationKind,
  ): ((input: Record<string, unknown>) => void) | undefined {
    const { keyShape, key } = node.mapKey as { keyShape: string; key: string };
    const shape = this.shape(keyShape);
    const rename = (newKey: string) => (input: Record<string, unknown>) => {
      const map = getAt(input, node.segments) as Record<string, unknown>;
      map[newKey] = map[key];
      delete map[key];
    };

    if (kind === 'badPattern' && shape.pattern) {
      return rename(`!${key.slice(1)}`);
    }
    if (kind === 'tooLong' && shape.max !== undefined) {
      return rename('k'.repeat(shape.max + 1));
    }

    return undefined;
  }

  private oversized(shape: ModelShape): unknown {
    const count = (shape.max as number) + 1;
    if (shape.type === 'list') {
      const item = this.validValue(shape.member?.shape ?? '');
      return Array.from({ length: count }, () => structuredClone(item));
    }

    const value = this.validValue(shape.value?.shape ?? '');
    const entries: Record<string, unknown> = {};
    for (let index = 0; index < count; index += 1) {
      entries[`key${index}`] = structuredClone(value);
    }

    return entries;
  }
}

function validString(shapeName: string, shape: ModelShape): string {
  if (shape.enum) {
    return shape.enum[0];
  }
  if (shape.pattern) {
    const sample = PATTERN_SAMPLES[shapeName];
    if (sample === undefined) {
      throw new Error(`PATTERN_SAMPLES has no valid value for ${shapeName}`);
    }
    return sample;
  }
  // An empty pagination token means "first page"; other free strings get a short word.
  if (shapeName === 'PaginationToken') {
    return '';
  }

  return 'x'.repeat(Math.max(shape.min ?? 1, 1));
}

function wrongTypeValue(shape: ModelShape): unknown {
  switch (shape.type) {
    case 'string':
      return 42;
    case 'integer':
    case 'long':
      return '12';
    case 'boolean':
      return 'true';
    case 'list':
      return { first: 1 };
    default:
      return ['not', 'an', 'object'];
  }
}

/** Names a value as the emulator's ValidationException does: `a.b[0].c` and `tags["key"]`. */
function fieldName(segments: Segment[]): string {
  let name = '';
  for (const segment of segments) {
    if (typeof segment === 'number') {
      name += `[${segment}]`;
    } else if (typeof segment === 'object') {
      name += `[${JSON.stringify(segment.mapKey)}]`;
    } else if (name === '') {
      name = segment;
    } else {
      name += `.${segment}`;
    }
  }

  return name;
}

function propertyOf(segment: Segment): string | number {
  return typeof segment === 'object' ? segment.mapKey : segment;
}

function getAt(root: Record<string, unknown>, segments: Segment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    current = (current as Record<string | number, unknown>)[propertyOf(segment)];
  }

  return current;
}

function setAt(root: Record<string, unknown>, segments: Segment[], value: unknown): void {
  const parent = getAt(root, segments.slice(0, -1)) as Record<string | number, unknown>;
  parent[propertyOf(segments[segments.length - 1])] = value;
}

function deleteAt(root: Record<string, unknown>, segments: Segment[]): void {
  const parent = getAt(root, segments.slice(0, -1)) as Record<string | number, unknown>;
  delete parent[propertyOf(segments[segments.length - 1])];
}
