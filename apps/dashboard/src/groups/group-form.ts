import type { TagSelector } from '@drs/domain';

import type { ProtectionGroup, ProtectionGroupInput } from '../api/resources';
import { targetKey } from '../servers/targets';

/** Limits of the gateway's ProtectionGroupInput and of AWS tags, checked before a request. */
export const MAX_NAME_LENGTH = 128;
export const MAX_DESCRIPTION_LENGTH = 2_000;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

/** Member mode of a group: an explicit list in boot order, or a tag selector. */
export type MemberMode = 'explicit' | 'tags';

/** One row of the tag selector editor; `values` is the text as typed, comma-separated. */
export interface TagRow {
  key: string;
  values: string;
}

/** The editor's state, kept as the user typed it until it is sent. */
export interface GroupForm {
  name: string;
  description: string;
  /** Target key such as "123456789012/us-east-1", or null until one is chosen. */
  target: string | null;
  mode: MemberMode;
  /** Explicit members in boot order. */
  sourceServerIds: string[];
  tagRows: TagRow[];
}

export interface TagRowErrors {
  key?: string;
  values?: string;
}

/** Messages shown next to the editor's fields. */
export interface GroupFormErrors {
  name?: string;
  description?: string;
  target?: string;
  /** About the member list or the tag selector as a whole. */
  members?: string;
  /** By row index. */
  tagRows?: Record<number, TagRowErrors>;
}

export const EMPTY_TAG_ROW: TagRow = { key: '', values: '' };

export function emptyGroupForm(target: string | null): GroupForm {
  return {
    name: '',
    description: '',
    target,
    mode: 'explicit',
    sourceServerIds: [],
    tagRows: [EMPTY_TAG_ROW],
  };
}

/** Builds the editor's state for an existing group. */
export function formFromGroup(group: ProtectionGroup): GroupForm {
  const selector = group.tagSelector;

  return {
    name: group.name,
    description: group.description,
    target: targetKey(group),
    mode: selector ? 'tags' : 'explicit',
    sourceServerIds: group.sourceServerIds ?? [],
    tagRows: selector
      ? Object.entries(selector).map(([key, values]) => ({ key, values: values.join(', ') }))
      : [EMPTY_TAG_ROW],
  };
}

/** Splits "Database, App" into distinct, trimmed values; empty pieces are dropped. */
export function parseTagValues(text: string): string[] {
  const values = text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value !== '');

  return [...new Set(values)];
}

/**
 * Builds the selector that the rows describe. Rows without a key are left out, so that the live
 * preview works while the user is still typing. validateGroupForm reports them before a save.
 */
export function tagRowsToSelector(rows: readonly TagRow[]): TagSelector {
  const selector: TagSelector = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key !== '') {
      selector[key] = parseTagValues(row.values);
    }
  }

  return selector;
}

function validateTagRows(rows: readonly TagRow[]): Record<number, TagRowErrors> {
  const errors: Record<number, TagRowErrors> = {};
  rows.forEach((row, index) => {
    const rowErrors: TagRowErrors = {};
    const key = row.key.trim();
    const values = parseTagValues(row.values);
    if (key === '') {
      rowErrors.key = 'Enter a tag key.';
    } else if (key.length > MAX_TAG_KEY_LENGTH) {
      rowErrors.key = `A tag key has at most ${MAX_TAG_KEY_LENGTH} characters.`;
    } else {
      const firstRow = rows.findIndex((other) => other.key.trim() === key);
      if (firstRow < index) {
        rowErrors.key = `The key ${key} is already in row ${firstRow + 1}; list its values there.`;
      }
    }
    if (values.length === 0) {
      rowErrors.values = 'Enter at least one value; separate values with commas.';
    } else if (values.some((value) => value.length > MAX_TAG_VALUE_LENGTH)) {
      rowErrors.values = `A tag value has at most ${MAX_TAG_VALUE_LENGTH} characters.`;
    }
    if (rowErrors.key || rowErrors.values) {
      errors[index] = rowErrors;
    }
  });

  return errors;
}

/** Checks the form before it is sent; returns no keys when it may be sent. */
export function validateGroupForm(form: GroupForm): GroupFormErrors {
  const errors: GroupFormErrors = {};
  const name = form.name.trim();
  if (name === '') {
    errors.name = 'Enter a name for the protection group.';
  } else if (name.length > MAX_NAME_LENGTH) {
    errors.name = `The name has ${name.length} characters; the maximum is ${MAX_NAME_LENGTH}.`;
  }
  if (form.description.length > MAX_DESCRIPTION_LENGTH) {
    errors.description = `The description has ${form.description.length} characters; the maximum is ${MAX_DESCRIPTION_LENGTH}.`;
  }
  if (form.target === null) {
    errors.target = 'Choose the account and Region of the servers.';
  }

  if (form.mode === 'explicit') {
    if (form.sourceServerIds.length === 0) {
      errors.members = 'Select at least one source server.';
    }
  } else if (form.tagRows.length === 0) {
    errors.members = 'Add at least one tag.';
  } else {
    const rowErrors = validateTagRows(form.tagRows);
    if (Object.keys(rowErrors).length > 0) {
      errors.tagRows = rowErrors;
    }
  }

  return errors;
}

export function hasFormErrors(errors: GroupFormErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** Builds the request body of POST and PUT from a form that validateGroupForm accepted. */
export function toGroupInput(form: GroupForm): ProtectionGroupInput {
  const [accountId = '', region = ''] = (form.target ?? '').split('/');
  const common = { name: form.name.trim(), description: form.description, accountId, region };

  return form.mode === 'explicit'
    ? { ...common, sourceServerIds: form.sourceServerIds }
    : { ...common, tagSelector: tagRowsToSelector(form.tagRows) };
}

/**
 * Places the gateway's field errors (from ApiError.fieldErrors(), keyed by paths such as `name`
 * or `sourceServerIds`) next to the editor's fields. Paths that no field shows go to `members`
 * when they concern members and are returned in `unplaced` otherwise.
 */
export function placeApiFieldErrors(fieldErrors: Record<string, string>): {
  errors: GroupFormErrors;
  unplaced: string[];
} {
  const errors: GroupFormErrors = {};
  const unplaced: string[] = [];
  const append = (current: string | undefined, message: string) =>
    current ? `${current} ${message}` : message;

  for (const [path, message] of Object.entries(fieldErrors)) {
    const root = path.split(/[.[]/)[0];
    if (root === 'name' || root === 'description') {
      errors[root] = append(errors[root], message);
    } else if (root === 'accountId' || root === 'region') {
      errors.target = append(errors.target, message);
    } else if (root === 'sourceServerIds' || root === 'tagSelector') {
      errors.members = append(errors.members, message);
    } else {
      unplaced.push(`${path}: ${message}`);
    }
  }

  return { errors, unplaced };
}

/**
 * The error keys that a change to each form field makes stale. A new target clears the selected
 * servers, so it also clears the member errors. A member conflict (409) can be fixed by changing
 * the member list, the tag rows or the mode, so each of those clears it.
 */
const ERRORS_CLEARED_BY_FIELD: Record<keyof GroupForm, (keyof GroupFormErrors)[]> = {
  name: ['name'],
  description: ['description'],
  target: ['target', 'members'],
  mode: ['members', 'tagRows'],
  sourceServerIds: ['members'],
  tagRows: ['members', 'tagRows'],
};

/**
 * Removes the gateway's errors about the fields in `changes`. The browser cannot re-check them, so
 * they go once the user edits what they are about, and the next save sends the form to the gateway.
 */
export function withoutChangedFieldErrors(
  errors: GroupFormErrors,
  changes: Partial<GroupForm>,
): GroupFormErrors {
  const rest = { ...errors };
  for (const field of Object.keys(changes) as (keyof GroupForm)[]) {
    for (const key of ERRORS_CLEARED_BY_FIELD[field] ?? []) {
      delete rest[key];
    }
  }

  return rest;
}
