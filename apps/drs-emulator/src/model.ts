import { readFileSync } from 'node:fs';
import { isJsonObject } from './json';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export interface MemberReference {
  shape: string;
  /** Location of the member in a restJson1 request; absent means the JSON body. */
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
}

export interface ShapeDefinition {
  type: ShapeType;
  members?: Record<string, MemberReference>;
  required?: string[];
  member?: MemberReference;
  key?: MemberReference;
  value?: MemberReference;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  sensitive?: boolean;
  union?: boolean;
  exception?: boolean;
  error?: { httpStatusCode: number; senderFault?: boolean };
}

export interface OperationDefinition {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

type PathSegment = { literal: string } | { label: string; greedy: boolean };

interface RouteTemplate {
  operation: OperationDefinition;
  method: string;
  segments: PathSegment[];
  literalCount: number;
}

export interface RouteMatch {
  operation: OperationDefinition;
  /** Values of the `{label}` parts of the request URI, percent-decoded. */
  pathLabels: Record<string, string>;
}

/**
 * The botocore service model of DRS: operations with their HTTP bindings, and the shapes that
 * validation, request binding and response pruning walk.
 */
export class DrsModel {
  private readonly routes: RouteTemplate[];

  private constructor(
    private readonly operationsByName: ReadonlyMap<string, OperationDefinition>,
    private readonly shapes: Readonly<Record<string, ShapeDefinition>>,
  ) {
    this.routes = [...operationsByName.values()].map(buildRouteTemplate);
    // Literal paths win over templated ones, the same precedence that restJson1 routers use.
    this.routes.sort((a, b) => b.literalCount - a.literalCount);
  }

  static fromDocument(document: unknown, source = 'the service model'): DrsModel {
    if (!isJsonObject(document) || !isJsonObject(document.operations) || !isJsonObject(document.shapes)) {
      throw new Error(
        `${source} is not a botocore service model: "operations" and "shapes" objects are missing`,
      );
    }

    const operations = new Map<string, OperationDefinition>();
    for (const [name, definition] of Object.entries(document.operations)) {
      operations.set(name, definition as unknown as OperationDefinition);
    }

    return new DrsModel(operations, document.shapes as unknown as Record<string, ShapeDefinition>);
  }

  operation(name: string): OperationDefinition | undefined {
    return this.operationsByName.get(name);
  }

  operationNames(): string[] {
    return [...this.operationsByName.keys()];
  }

  hasShape(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.shapes, name);
  }

  /** Returns the named shape; a missing shape is a defect of the model file, so it throws. */
  shape(name: string): ShapeDefinition {
    if (!this.hasShape(name)) {
      throw new Error(`shape "${name}" is not in the DRS service model`);
    }

    return this.shapes[name];
  }

  successStatus(operation: OperationDefinition): number {
    return operation.http.responseCode ?? 200;
  }

  /** Finds the operation bound to a method and a raw (still percent-encoded) request path. */
  matchRoute(method: string, rawPath: string): RouteMatch | undefined {
    const requestSegments = rawPath.split('/').slice(1);

    for (const route of this.routes) {
      if (route.method !== method) {
        continue;
      }

      const pathLabels = matchSegments(route.segments, requestSegments);
      if (pathLabels) {
        return { operation: route.operation, pathLabels };
      }
    }

    return undefined;
  }
}

const modelCache = new Map<string, DrsModel>();

/** Loads the model once per path, because every emulator instance in a test run reads the same file. */
export function loadDrsModel(path: string): DrsModel {
  const cached = modelCache.get(path);
  if (cached) {
    return cached;
  }

  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the DRS service model at ${path}: ${(error as Error).message}`);
  }

  const model = DrsModel.fromDocument(document, path);
  modelCache.set(path, model);

  return model;
}

function buildRouteTemplate(operation: OperationDefinition): RouteTemplate {
  // A literal query in requestUri (such as "?x-id=Name") does not take part in routing here.
  const [pathPart] = operation.http.requestUri.split('?');
  const segments: PathSegment[] = pathPart
    .split('/')
    .slice(1)
    .map((segment) => {
      const label = /^\{([^}+]+)(\+?)\}$/.exec(segment);
      if (label) {
        return { label: label[1], greedy: label[2] === '+' };
      }

      return { literal: segment };
    });

  return {
    operation,
    method: operation.http.method.toUpperCase(),
    segments,
    literalCount: segments.filter((segment) => 'literal' in segment).length,
  };
}

function matchSegments(template: PathSegment[], request: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};

  for (let index = 0; index < template.length; index += 1) {
    const segment = template[index];
    if ('literal' in segment) {
      if (request[index] !== segment.literal) {
        return undefined;
      }
      continue;
    }

    const raw = segment.greedy ? request.slice(index).join('/') : request[index];
    if (raw === undefined || raw === '') {
      return undefined;
    }

    const decoded = decodePathSegment(raw);
    if (decoded === undefined) {
      return undefined;
    }
    labels[segment.label] = decoded;

    if (segment.greedy) {
      return labels;
    }
  }

  return request.length === template.length ? labels : undefined;
}

function decodePathSegment(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
