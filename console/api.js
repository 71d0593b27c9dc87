// The staff API as the console calls it: the session cookie authenticates, the CSRF token goes with every change,
// and a refusal comes back as an ApiError carrying the problem+json (its detail and per-field errors).
let csrfToken = null;
let whenSignedOut = () => {};

export function rememberCsrfToken(token) {
  csrfToken = token;
}

export function onSignedOut(callback) {
  whenSignedOut = callback;
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** The rule broken for one field ("urgency", "estimateMinutes", …), as the API's 422 names it. */
  fieldError(field) {
    return (this.problem.errors ?? []).find((error) => error.field === field)?.rule;
  }

  get fields() {
    return (this.problem.errors ?? []).map((error) => error.field);
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => null);
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/session')) whenSignedOut();
    throw new ApiError(response.status, answer);
  }
  return answer;
}

/** A query string from the given parameters, leaving out the empty ones. */
export function query(parameters) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
