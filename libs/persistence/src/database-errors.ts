import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function driverError(error: unknown): { code?: string; constraint?: string } | null {
  if (!(error instanceof QueryFailedError)) {
    return null;
  }

  return error.driverError as { code?: string; constraint?: string };
}

/** True when `error` is a unique violation of the named constraint or index. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driver = driverError(error);

  return driver?.code === UNIQUE_VIOLATION && driver.constraint === constraint;
}

export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  const driver = driverError(error);

  return driver?.code === FOREIGN_KEY_VIOLATION && driver.constraint === constraint;
}
