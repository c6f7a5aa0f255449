/** Tag key to the values it may have; a server matches when every key has one of its values. */
export type TagSelector = Record<string, string[]>;

export function matchesTagSelector(tags: Record<string, string> | undefined, selector: TagSelector): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) {
    return false;
  }

  return keys.every((key) => tags?.[key] !== undefined && selector[key].includes(tags[key]));
}
