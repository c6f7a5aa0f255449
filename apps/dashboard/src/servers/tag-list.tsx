/**
 * Shows a server's tags as "key=value" pairs by key: one per line, or comma-separated when `inline`
 * keeps table rows short.
 */
export function TagList({ tags, inline = false }: { tags: Record<string, string>; inline?: boolean }) {
  const pairs = Object.entries(tags)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`);
  if (pairs.length === 0) {
    return <>-</>;
  }
  if (inline) {
    return <>{pairs.join(', ')}</>;
  }

  return (
    <>
      {pairs.map((pair) => (
        <div key={pair}>{pair}</div>
      ))}
    </>
  );
}
