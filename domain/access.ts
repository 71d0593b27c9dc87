// Rules of staff access, pure: when a presented token opens the door, when its use is worth writing down,
// and what of a request the audit log may keep.

export interface TokenValidity {
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Why a known token is refused, or undefined when it is good at `now`. */
export function tokenRefusal(token: TokenValidity, now: Date): string | undefined {
  if (token.revokedAt) {
    return `The bearer token was revoked on ${token.revokedAt.toISOString()}; ask an admin for a new one.`;
  }
  if (token.expiresAt <= now) {
    return `The bearer token expired on ${token.expiresAt.toISOString()}; ask an admin to rotate it.`;
  }
  return undefined;
}

/** Why a console session is refused, or undefined when it is good at `now`. */
export function sessionRefusal(session: TokenValidity, now: Date): string | undefined {
  if (session.revokedAt) {
    return `The console session ended on ${session.revokedAt.toISOString()}; sign in again.`;
  }
  if (session.expiresAt <= now) {
    return `The console session expired on ${session.expiresAt.toISOString()}; sign in again.`;
  }
  return undefined;
}

/** A sign-in code works once, within this many minutes of being mailed. */
export const SIGN_IN_CODE_MINUTES = 15;
/** At most this many sign-in letters to one member per window, so that the route cannot be used to flood them. */
export const SIGN_IN_LETTERS_LIMIT = { count: 5, windowMs: 15 * 60_000 };

/** Why a sign-in code is refused: it was never issued, it was used, or it expired. */
export function signInCodeRefusal(reason: 'unknown' | 'used' | 'expired', at?: Date): string {
  switch (reason) {
    case 'used':
      return `The sign-in link was already used${at ? ` on ${at.toISOString()}` : ''}; ask for a new one.`;
    case 'expired':
      return `The sign-in link expired${at ? ` on ${at.toISOString()}` : ''}; ask for a new one.`;
    default:
      return 'The sign-in link is not known; ask for a new one.';
  }
}

const LAST_USE_PRECISION_MS = 60_000;

/** Last use is kept to the minute: a busy token costs one write a minute, not one per request. */
export function lastUseWorthRecording(lastUsedAt: Date | null, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USE_PRECISION_MS;
}

const secretKey = /token|password|passwd|secret|authorization|api[-_]?key|cookie|^code$/i;
/** Our secrets: bearer tokens (trc_), console session secrets (trs_) and sign-in codes (trl_). */
const tokenLike = /^(Bearer\s+)?tr[csl]_[\w-]{16,}$/i;
export const REDACTED = '[redacted]';

/**
 * A request body as the audit log keeps it: fields that name a secret, and strings that look like one of our
 * tokens, are replaced. Bodies are JSON, so a plain recursive walk over objects and arrays suffices; the
 * request guard has already refused deep nesting.
 */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value === 'string') return tokenLike.test(value.trim()) ? REDACTED : value;
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, field]) => [
        key,
        secretKey.test(key) ? REDACTED : withoutSecrets(field),
      ]),
    );
  }
  return value;
}

/** The ticket a route under /api/tickets names, e.g. TRC-000123 in /api/tickets/TRC-000123/triage. */
export function ticketNamedIn(path: string): string | null {
  const match = /^\/api\/tickets\/([^/?#]+)/.exec(path);
  if (!match) return null;
  let number: string;
  try {
    number = decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
  return /^TRC-\d{1,12}$/.test(number) ? number : null;
}
