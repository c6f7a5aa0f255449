import type { ProtectionGroup } from '../api/resources';
import {
  emptyGroupForm,
  formFromGroup,
  GroupForm,
  hasFormErrors,
  parseTagValues,
  placeApiFieldErrors,
  tagRowsToSelector,
  toGroupInput,
  validateGroupForm,
  withoutChangedFieldErrors,
} from './group-form';

const TARGET = '123456789012/us-east-1';

function group(overrides: Partial<ProtectionGroup>): ProtectionGroup {
  return {
    id: 'g1',
    name: 'orders-db',
    description: 'SQL Server of orders',
    accountId: '123456789012',
    region: 'us-east-1',
    memberKind: 'EXPLICIT',
    sourceServerIds: ['s-00000000000000001', 's-00000000000000002'],
    tagSelector: null,
    usedByPlans: [],
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

function validForm(overrides: Partial<GroupForm>): GroupForm {
  return {
    ...emptyGroupForm(TARGET),
    name: 'orders-db',
    sourceServerIds: ['s-00000000000000001'],
    ...overrides,
  };
}

describe('formFromGroup', () => {
  it('reads an explicit group', () => {
    const form = formFromGroup(group({}));
    expect(form.mode).toBe('explicit');
    expect(form.target).toBe(TARGET);
    expect(form.sourceServerIds).toEqual(['s-00000000000000001', 's-00000000000000002']);
    expect(form.tagRows).toEqual([{ key: '', values: '' }]);
  });

  it('reads a tag selector group into rows', () => {
    const form = formFromGroup(
      group({
        memberKind: 'TAG_SELECTOR',
        sourceServerIds: null,
        tagSelector: { Tier: ['Database', 'App'], Application: ['orders'] },
      }),
    );
    expect(form.mode).toBe('tags');
    expect(form.tagRows).toEqual([
      { key: 'Tier', values: 'Database, App' },
      { key: 'Application', values: 'orders' },
    ]);
  });
});

describe('parseTagValues', () => {
  it('splits on commas, trims and drops empty and repeated values', () => {
    expect(parseTagValues(' Database, App ,,Database ')).toEqual(['Database', 'App']);
  });

  it('returns no values for blank text', () => {
    expect(parseTagValues(' , ')).toEqual([]);
  });
});

describe('tagRowsToSelector', () => {
  it('builds a selector and leaves out rows without a key', () => {
    expect(
      tagRowsToSelector([
        { key: ' Tier ', values: 'Database' },
        { key: '', values: 'ignored' },
      ]),
    ).toEqual({ Tier: ['Database'] });
  });
});

describe('validateGroupForm', () => {
  it('accepts a complete explicit group', () => {
    expect(hasFormErrors(validateGroupForm(validForm({})))).toBe(false);
  });

  it('requires a name', () => {
    expect(validateGroupForm(validForm({ name: '  ' })).name).toBe('Enter a name for the protection group.');
  });

  it('limits the name to 128 characters', () => {
    expect(validateGroupForm(validForm({ name: 'x'.repeat(129) })).name).toContain('the maximum is 128');
  });

  it('requires a target', () => {
    expect(validateGroupForm(validForm({ target: null })).target).toBeDefined();
  });

  it('requires a member in explicit mode', () => {
    expect(validateGroupForm(validForm({ sourceServerIds: [] })).members).toBe(
      'Select at least one source server.',
    );
  });

  it('requires a tag row in tag mode', () => {
    expect(validateGroupForm(validForm({ mode: 'tags', tagRows: [] })).members).toBe('Add at least one tag.');
  });

  it('accepts a complete tag selector', () => {
    const form = validForm({ mode: 'tags', tagRows: [{ key: 'Tier', values: 'Database' }] });
    expect(hasFormErrors(validateGroupForm(form))).toBe(false);
  });

  it('reports a row without key or values', () => {
    const errors = validateGroupForm(
      validForm({
        mode: 'tags',
        tagRows: [
          { key: 'Tier', values: 'Database' },
          { key: '', values: ' , ' },
        ],
      }),
    );
    expect(errors.tagRows?.[0]).toBeUndefined();
    expect(errors.tagRows?.[1]?.key).toBe('Enter a tag key.');
    expect(errors.tagRows?.[1]?.values).toBe('Enter at least one value; separate values with commas.');
  });

  it('reports a key repeated in a later row', () => {
    const errors = validateGroupForm(
      validForm({
        mode: 'tags',
        tagRows: [
          { key: 'Tier', values: 'Database' },
          { key: 'Application', values: 'orders' },
          { key: 'Tier', values: 'App' },
        ],
      }),
    );
    expect(errors.tagRows?.[0]).toBeUndefined();
    expect(errors.tagRows?.[2]?.key).toBe('The key Tier is already in row 1; list its values there.');
  });

  it('ignores the member list in tag mode', () => {
    const form = validForm({ mode: 'tags', sourceServerIds: [], tagRows: [{ key: 'Tier', values: 'Web' }] });
    expect(validateGroupForm(form).members).toBeUndefined();
  });
});

describe('toGroupInput', () => {
  it('sends explicit members in boot order and no selector', () => {
    const input = toGroupInput(validForm({ name: ' orders-db ', sourceServerIds: ['s-2', 's-1'] }));
    expect(input).toEqual({
      name: 'orders-db',
      description: '',
      accountId: '123456789012',
      region: 'us-east-1',
      sourceServerIds: ['s-2', 's-1'],
    });
  });

  it('sends a tag selector and no member list', () => {
    const input = toGroupInput(
      validForm({
        mode: 'tags',
        sourceServerIds: ['s-1'],
        tagRows: [{ key: 'Tier', values: 'Database, App' }],
      }),
    );
    expect(input.tagSelector).toEqual({ Tier: ['Database', 'App'] });
    expect(input.sourceServerIds).toBeUndefined();
  });
});

describe('placeApiFieldErrors', () => {
  it('places each path next to its field', () => {
    const { errors, unplaced } = placeApiFieldErrors({
      name: 'name must be longer than or equal to 1 characters',
      region: 'region must be an AWS Region name such as us-east-1',
      tagSelector: 'tagSelector key "Tier" must map to an array of 1 to 100 allowed values',
    });
    expect(errors.name).toBe('name must be longer than or equal to 1 characters');
    expect(errors.target).toBe('region must be an AWS Region name such as us-east-1');
    expect(errors.members).toContain('tagSelector key "Tier"');
    expect(unplaced).toEqual([]);
  });

  it('places indexed member paths on the member list', () => {
    const { errors } = placeApiFieldErrors({ 'sourceServerIds[3]': 'invalid id' });
    expect(errors.members).toBe('invalid id');
  });

  it('joins the messages of account and Region', () => {
    const { errors } = placeApiFieldErrors({
      accountId: 'accountId must be 12 digits',
      region: 'bad Region',
    });
    expect(errors.target).toBe('accountId must be 12 digits bad Region');
  });

  it('returns paths that no field shows', () => {
    const { errors, unplaced } = placeApiFieldErrors({ color: 'property color should not exist' });
    expect(errors).toEqual({});
    expect(unplaced).toEqual(['color: property color should not exist']);
  });
});

describe('withoutChangedFieldErrors', () => {
  const errors = {
    name: 'The name orders-db is taken.',
    description: 'description is too long',
    target: 'accountId must be 12 digits',
    members: 's-00000000000000001 is already in group web.',
  };

  it('clears only the edited field', () => {
    expect(withoutChangedFieldErrors(errors, { name: 'orders-db-2' })).toEqual({
      description: errors.description,
      target: errors.target,
      members: errors.members,
    });
  });

  it('clears a member conflict when the member list changes', () => {
    const rest = withoutChangedFieldErrors(errors, { sourceServerIds: [] });
    expect(rest.members).toBeUndefined();
    expect(rest.name).toBe(errors.name);
  });

  it('clears a member conflict when the tag rows change', () => {
    const rest = withoutChangedFieldErrors(errors, { tagRows: [{ key: 'Tier', values: 'Web' }] });
    expect(rest.members).toBeUndefined();
    expect(rest.target).toBe(errors.target);
  });

  it('clears target and members when the target changes', () => {
    expect(withoutChangedFieldErrors(errors, { target: '111122223333/us-west-2' })).toEqual({
      name: errors.name,
      description: errors.description,
    });
  });

  it('leaves the errors passed in unchanged', () => {
    withoutChangedFieldErrors(errors, { name: 'x', description: 'y' });
    expect(Object.keys(errors)).toHaveLength(4);
  });
});
