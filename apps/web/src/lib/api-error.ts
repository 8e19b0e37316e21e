/** An error response of the API: `{ error: '<key>', fields?: { <field>: '<key>' } }`, keys translated by the UI. */
export class ApiError extends Error {
  readonly status: number;
  readonly key: string;
  readonly fields: Readonly<Record<string, string>>;

  constructor(status: number, key: string, fields: Record<string, string> = {}) {
    super(`${status} ${key}`);
    this.name = 'ApiError';
    this.status = status;
    this.key = key;
    this.fields = fields;
  }
}

/** Status 0: the request never got an answer (offline, server down). */
export const NETWORK_ERROR = new ApiError(0, 'network');

/** Reads the API's error body, or makes one up from the status when the body is not ours (a proxy's page). */
export async function apiErrorFrom(response: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON.
  }
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') {
    const fields = 'fields' in body && body.fields && typeof body.fields === 'object' ? body.fields : {};
    return new ApiError(response.status, body.error, fields as Record<string, string>);
  }
  return new ApiError(response.status, response.status >= 500 ? 'internal_error' : 'unknown');
}
