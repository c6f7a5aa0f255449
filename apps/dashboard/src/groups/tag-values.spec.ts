import { MAX_HINTED_VALUES, tagValuesHint, tagValuesInInventory } from './tag-values';

const servers = [
  { tags: { Tier: 'Web', Application: '3TierRecovery' } },
  { tags: { Tier: 'Database' } },
  { tags: { Tier: 'Web' } },
  { tags: { tier: 'lowercase-key' } },
  { tags: {} },
];

describe('tagValuesInInventory', () => {
  it('lists distinct values sorted', () => {
    expect(tagValuesInInventory(servers, 'Tier')).toEqual(['Database', 'Web']);
  });

  it('matches the key exactly', () => {
    expect(tagValuesInInventory(servers, 'tier')).toEqual(['lowercase-key']);
  });

  it('trims the typed key', () => {
    expect(tagValuesInInventory(servers, ' Application ')).toEqual(['3TierRecovery']);
  });

  it('returns nothing for a blank or unknown key', () => {
    expect(tagValuesInInventory(servers, '')).toEqual([]);
    expect(tagValuesInInventory(servers, 'Owner')).toEqual([]);
  });
});

describe('tagValuesHint', () => {
  it('lists a few values', () => {
    expect(tagValuesHint(['App', 'Database', 'Web'])).toBe('Values in the inventory: App, Database, Web.');
  });

  it('counts values past the limit', () => {
    const values = Array.from({ length: MAX_HINTED_VALUES + 3 }, (_, index) => `v${index}`);
    const hint = tagValuesHint(values) ?? '';
    expect(hint.endsWith(`v${MAX_HINTED_VALUES - 1} and 3 more.`)).toBe(true);
    expect(hint).not.toContain(`v${MAX_HINTED_VALUES},`);
  });

  it('gives no hint without values', () => {
    expect(tagValuesHint([])).toBeUndefined();
  });
});
