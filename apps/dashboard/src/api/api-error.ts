/** Error body of every failed API call: `{statusCode, code, message, details}`. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

/** A failed API call, with the gateway's error code and, for validation errors, the failing fields. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /**
   * Field messages of a validation error keyed by path, such as `waves[1].name`, so that a form
   * shows each one next to its field.
   */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    const details = this.details as { fields?: Array<{ field?: string; errors?: string[] }> } | undefined;
    for (const entry of details?.fields ?? []) {
      if (entry.field && entry.errors && entry.errors.length > 0) {
        fields[entry.field] = entry.errors.join('; ');
      }
    }

    return fields;
  }
}
