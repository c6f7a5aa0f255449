import { ApiError, ApiErrorBody } from './api-error';

export const API_BASE = '/api/v1';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Calls the gateway's REST API with the signed-in user's token. A 401 means the token expired or
 * was revoked, so `onUnauthenticated` signs the user out; every other failure becomes an ApiError.
 */
export class ApiClient {
  constructor(
    private readonly getToken: () => string | null,
    private readonly onUnauthenticated: () => void,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.getToken();
    if (token) {
      headers.Authorization = `Bearer ${token}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }

    let response: Response;
    try {
      response = await fetch(`${API_BASE}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, 'NETWORK_ERROR', `The API could not be reached: ${(error as Error).message}`);
    }

    if (response.status === 401 && token) {
      this.onUnauthenticated();
    }
    if (!response.ok) {
      throw await readError(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }

    return (await response.json()) as T;
  }
}

async function readError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    return new ApiError(
      response.status,
      body.code ?? `HTTP_${response.status}`,
      body.message ?? response.statusText,
      body.details,
    );
  } catch {
    return new ApiError(
      response.status,
      `HTTP_${response.status}`,
      `The API answered ${response.status} ${response.statusText}`,
    );
  }
}
