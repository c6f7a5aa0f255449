import { IncomingHttpHeaders } from 'node:http';
import { isJsonObject, JsonObject, JsonValue } from './json';
import { DrsModel, OperationDefinition, ShapeDefinition } from './model';

export interface HttpRequestParts {
  pathLabels: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or an empty object when the request has none. */
  body: JsonObject;
}

/** Returns whether any input member is carried in the JSON body, which the server then parses. */
export function operationHasBody(model: DrsModel, operation: OperationDefinition): boolean {
  if (!operation.input) {
    return false;
  }

  const members = model.shape(operation.input.shape).members ?? {};

  return Object.values(members).some((member) => member.location === undefined);
}

/**
 * Assembles the operation input from the places restJson1 puts members: the path, the query
 * string, headers and the JSON body. Text from the URL is converted to the member's type when it
 * parses. Otherwise it stays a string, so validation reports the wrong type with the field name.
 */
export function bindRequestInput(
  model: DrsModel,
  operation: OperationDefinition,
  parts: HttpRequestParts,
): JsonObject {
  if (!operation.input) {
    return {};
  }

  const input: JsonObject = {};
  const members = model.shape(operation.input.shape).members ?? {};

  for (const [memberName, reference] of Object.entries(members)) {
    const wireName = reference.locationName ?? memberName;
    const target = model.shape(reference.shape);

    switch (reference.location) {
      case undefined:
        if (parts.body[memberName] !== undefined) {
          input[memberName] = parts.body[memberName];
        }
        break;
      case 'uri':
        if (parts.pathLabels[wireName] !== undefined) {
          input[memberName] = parts.pathLabels[wireName];
        }
        break;
      case 'querystring': {
        const values = parts.query.getAll(wireName);
        if (values.length === 0) {
          break;
        }
        input[memberName] = target.type === 'list' ? values : convertText(target, values[0]);
        break;
      }
      case 'header': {
        const header = parts.headers[wireName.toLowerCase()];
        const text = Array.isArray(header) ? header.join(',') : header;
        if (text !== undefined) {
          input[memberName] = convertText(target, text);
        }
        break;
      }
      default:
        break;
    }
  }

  return input;
}

/**
 * Copies a value keeping only what the model shape allows: structure members the model lists,
 * recursively. Nothing outside the model reaches a client, even if a scenario file carries extra
 * fields. Null and undefined members are left out, as AWS leaves out unset members.
 */
export function pruneToShape(model: DrsModel, shapeName: string, value: unknown): JsonValue | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }

  const shape = model.shape(shapeName);
  switch (shape.type) {
    case 'structure':
      return pruneStructure(model, shape, value);
    case 'list':
      return Array.isArray(value) && shape.member ? pruneList(model, shape.member.shape, value) : undefined;
    case 'map':
      return isJsonObject(value) && shape.value ? pruneMap(model, shape.value.shape, value) : undefined;
    default:
      return value as JsonValue;
  }
}

function pruneStructure(model: DrsModel, shape: ShapeDefinition, value: unknown): JsonObject | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }

  const result: JsonObject = {};
  for (const [memberName, reference] of Object.entries(shape.members ?? {})) {
    // Header-bound members (Retry-After) are written as headers, never into the body.
    if (reference.location !== undefined) {
      continue;
    }
    const pruned = pruneToShape(model, reference.shape, value[memberName]);
    if (pruned !== undefined) {
      result[memberName] = pruned;
    }
  }

  return result;
}

function pruneList(model: DrsModel, memberShape: string, value: unknown[]): JsonValue[] {
  const result: JsonValue[] = [];
  for (const item of value) {
    const pruned = pruneToShape(model, memberShape, item);
    if (pruned !== undefined) {
      result.push(pruned);
    }
  }

  return result;
}

function pruneMap(model: DrsModel, valueShape: string, value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, entry] of Object.entries(value)) {
    const pruned = pruneToShape(model, valueShape, entry);
    if (pruned !== undefined) {
      result[key] = pruned;
    }
  }

  return result;
}

function convertText(shape: ShapeDefinition, text: string): JsonValue {
  switch (shape.type) {
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? Number(text) : text;
    case 'float':
    case 'double':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      if (text === 'true' || text === 'false') {
        return text === 'true';
      }
      return text;
    default:
      return text;
  }
}
