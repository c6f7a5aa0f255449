/** The error body every API route returns. */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
    method: string,
    path: string,
  ) {
    super(`${method} ${path} failed with ${status}${body ? ` ${body.code}: ${body.message}` : ''}`);
    this.name = 'ApiError';
  }
}

/** A thin client of the REST API under /api/v1; it sends the access token once `signIn` has run. */
export class ApiClient {
  /** The bearer token of the signed-in user, also sent in the status socket's handshake. */
  accessToken: string | null = null;

  constructor(private readonly baseUrl: string) {}

  /** Signs in with the local issuer and keeps the access token for every later request. */
  async signIn(name: string, password: string): Promise<void> {
    const response = await this.request<{ accessToken: string }>('POST', '/auth/token', { name, password });
    this.accessToken = response.accessToken;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (this.accessToken !== null) {
      headers.authorization = `Bearer ${this.accessToken}`;
    }
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text === '' ? null : (JSON.parse(text) as unknown);
    if (!response.ok) {
      throw new ApiError(response.status, parsed as ApiErrorBody | null, method, path);
    }

    return parsed as T;
  }
}
