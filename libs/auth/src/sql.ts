/**
 * Anything that runs one SQL statement: a TypeORM DataSource or EntityManager (which resolve to
 * the rows) or a `pg` Client (which resolves to a result with `rows`). The CLI has only the latter.
 */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export async function selectRows<T>(
  database: Queryable,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const result = await database.query(sql, parameters);
  if (!Array.isArray(result)) {
    return (result as { rows: T[] }).rows;
  }
  // TypeORM answers an UPDATE or DELETE with [rows, affected row count].
  if (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }

  return result as T[];
}
