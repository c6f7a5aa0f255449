import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';

/** AWS allows 50 tags per resource, so a selector with more keys could never match. */
const MAX_SELECTOR_KEYS = 50;
const MAX_VALUES_PER_KEY = 100;
/** AWS tag limits: keys of 1 to 128 characters, values of 0 to 256. */
const MAX_TAG_KEY_LENGTH = 128;
const MAX_TAG_VALUE_LENGTH = 256;

/** Returns why `value` is not a tag selector (`{key: [allowed values]}`), or null when it is one. */
export function tagSelectorProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object that maps each tag key to the list of its allowed values';
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > MAX_SELECTOR_KEYS) {
    return `must name from 1 to ${MAX_SELECTOR_KEYS} tag keys`;
  }
  for (const [key, values] of entries) {
    if (key.length === 0 || key.length > MAX_TAG_KEY_LENGTH) {
      return `key "${key.slice(0, 20)}" must be from 1 to ${MAX_TAG_KEY_LENGTH} characters long`;
    }
    if (!Array.isArray(values) || values.length === 0 || values.length > MAX_VALUES_PER_KEY) {
      return `key "${key}" must map to an array of 1 to ${MAX_VALUES_PER_KEY} allowed values`;
    }
    if (values.some((item) => typeof item !== 'string' || item.length > MAX_TAG_VALUE_LENGTH)) {
      return `key "${key}" must map to strings of at most ${MAX_TAG_VALUE_LENGTH} characters`;
    }
    if (new Set(values).size !== values.length) {
      return `key "${key}" lists a value more than once`;
    }
  }

  return null;
}

export function IsTagSelector(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTagSelector',
      validator: {
        validate: (value: unknown) => tagSelectorProblem(value) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property} ${tagSelectorProblem(args?.value)}`,
      },
    },
    options,
  );
}

/** Fails when the named sibling property is also set; for fields of which a request may set only one. */
export function IsAbsentWhenSet(sibling: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAbsentWhenSet',
      constraints: [sibling],
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) =>
          (args?.object as Record<string, unknown> | undefined)?.[sibling] == null,
        defaultMessage: (args?: ValidationArguments) => `${args?.property} and ${sibling} cannot both be set`,
      },
    },
    options,
  );
}
