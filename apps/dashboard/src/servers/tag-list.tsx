/** A server's tags as "key=value" pairs, one per line, so that long lists wrap cleanly. */
export function TagList({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return <>-</>;
  }

  return (
    <>
      {entries.map(([key, value]) => (
        <div key={key}>
          {key}={value}
        </div>
      ))}
    </>
  );
}
