/**
 * The one way the UI talks to the Concord API: same-origin fetch with the session cookie, the CSRF token on every
 * write, and errors turned into ApiError with the server's stable code.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const isApiError = (error: unknown, code?: string): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

let csrfToken: string | null = null;

/** Kept from every session view the server sends (login, MFA step, GET /api/session). */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

type SessionProblem = 'unauthenticated' | 'stage';
let onSessionProblem: (problem: SessionProblem) => void = () => undefined;

/** The app decides what a lost session (401 UNAUTHENTICATED) or an unfinished sign-in means for the screen. */
export function handleSessionProblems(handler: (problem: SessionProblem) => void): void {
  onSessionProblem = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let payload: unknown = null;
  if (text) {
    try {
      payload = JSON.parse(text);
    } catch {
      payload = null;
    }
  }
  if (!response.ok) {
    const error = toApiError(response.status, payload);
    if (error.code === 'UNAUTHENTICATED') {
      csrfToken = null;
      onSessionProblem('unauthenticated');
    } else if (error.code === 'MFA_REQUIRED' || error.code === 'MFA_ENROLMENT_REQUIRED') {
      onSessionProblem('stage');
    }
    throw error;
  }
  return payload as T;
}

function toApiError(status: number, payload: unknown): ApiError {
  if (payload && typeof payload === 'object' && 'code' in payload && typeof payload.code === 'string') {
    const body = payload as ApiErrorBody;
    return new ApiError(status, body.code, typeof body.message === 'string' ? body.message : body.code, body.details);
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', `HTTP ${String(status)}`);
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Builds a query string from the defined, non-empty values only. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}
