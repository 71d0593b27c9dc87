import {
  lastUseWorthRecording,
  REDACTED,
  sessionRefusal,
  signInCodeRefusal,
  ticketNamedIn,
  tokenRefusal,
  withoutSecrets,
} from '../../domain/access';
import { renderSignInLetter, signInLink } from '../../domain/signInLetter';
import { hostileJson } from '../../api/requestGuards';

const now = new Date('2026-12-01T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

describe('a presented token', () => {
  test('opens the door until it expires', () => {
    expect(
      tokenRefusal({ expiresAt: new Date('2026-12-01T10:00:01Z'), revokedAt: null }, now),
    ).toBeUndefined();
    expect(tokenRefusal({ expiresAt: now, revokedAt: null }, now)).toMatch(/expired on 2026-12-01T10:00:00/);
  });

  test('is refused once revoked, even before it would expire', () => {
    const refusal = tokenRefusal(
      { expiresAt: new Date('2027-01-01T00:00:00Z'), revokedAt: minutesAgo(5) },
      now,
    );
    expect(refusal).toMatch(/revoked on 2026-12-01T09:55:00/);
  });
});

test('the last use of a token is written at most once a minute', () => {
  expect(lastUseWorthRecording(null, now)).toBe(true);
  expect(lastUseWorthRecording(minutesAgo(0.5), now)).toBe(false);
  expect(lastUseWorthRecording(minutesAgo(1), now)).toBe(true);
});

describe('what the audit log keeps of a request body', () => {
  test('fields naming a secret are replaced, at any depth', () => {
    expect(
      withoutSecrets({
        name: 'Anna',
        token: 'anything',
        credentials: { password: 'hunter2', apiKey: 'k', Authorization: 'Bearer x' },
      }),
    ).toEqual({
      name: 'Anna',
      token: REDACTED,
      credentials: { password: REDACTED, apiKey: REDACTED, Authorization: REDACTED },
    });
  });

  test('a token pasted into an ordinary field is replaced, the rest of the text is kept', () => {
    expect(
      withoutSecrets({
        text: 'trc_0123456789abcdefABCDEF_-xy',
        notes: ['Bearer trc_0123456789abcdefABCDEF', 'ok'],
      }),
    ).toEqual({ text: REDACTED, notes: [REDACTED, 'ok'] });
    expect(withoutSecrets({ text: 'see the trc_ prefix' })).toEqual({ text: 'see the trc_ prefix' });
  });

  test('a ticket action keeps its fields as sent', () => {
    const triage = { urgency: 'high', rootCause: 'product_defect', estimateMinutes: 90 };
    expect(withoutSecrets(triage)).toEqual(triage);
  });
});

test('the ticket a route names is recorded only when it is a ticket number', () => {
  expect(ticketNamedIn('/api/tickets/TRC-000123/triage')).toBe('TRC-000123');
  expect(ticketNamedIn('/api/tickets/TRC-000123')).toBe('TRC-000123');
  expect(ticketNamedIn("/api/tickets/TRC-1'%20OR%20'1'='1/take")).toBeNull();
  expect(ticketNamedIn('/api/tickets/%E0%A4%A/take')).toBeNull();
  expect(ticketNamedIn('/api/specialists/3')).toBeNull();
});

describe('JSON no route should read', () => {
  const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { inner: nested(depth - 1) });

  test('nesting up to 20 levels passes; deeper is refused', () => {
    expect(hostileJson(nested(19))).toBeUndefined(); // 19 objects around a string
    expect(hostileJson(nested(20))).toBeUndefined();
    expect(hostileJson(nested(21))).toMatch(/nested deeper than 20/);
  });

  test('a hundred thousand levels are refused without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(hostileJson(deep)).toMatch(/nested deeper/);
  });

  test('a NUL in a value or a field name is refused', () => {
    expect(hostileJson({ text: 'a\u0000b' })).toMatch(/NUL/);
    expect(hostileJson({ ['x\u0000']: 1 })).toMatch(/NUL/);
    expect(hostileJson({ text: 'ordinary text, «ёлки»' })).toBeUndefined();
  });
});

describe('console sign-in', () => {
  test('a session opens the door until it expires or is ended', () => {
    const later = new Date('2026-12-01T22:00:00Z');
    expect(sessionRefusal({ expiresAt: later, revokedAt: null }, now)).toBeUndefined();
    expect(sessionRefusal({ expiresAt: now, revokedAt: null }, now)).toMatch(/expired on .*sign in again/);
    expect(sessionRefusal({ expiresAt: later, revokedAt: minutesAgo(1) }, now)).toMatch(/ended on/);
  });

  test('a refused sign-in code says whether it was used, expired or never issued', () => {
    expect(signInCodeRefusal('used', minutesAgo(2))).toMatch(/already used on 2026-12-01T09:58/);
    expect(signInCodeRefusal('expired', minutesAgo(1))).toMatch(/expired on 2026-12-01T09:59/);
    expect(signInCodeRefusal('unknown')).toMatch(/not known/);
  });

  test('the audit log keeps neither a sign-in code nor a session secret', () => {
    const code = `trl_${'x'.repeat(43)}`;
    expect(withoutSecrets({ code: 'anything' })).toEqual({ code: REDACTED });
    expect(withoutSecrets({ note: code, other: `trs_${'y'.repeat(43)}` })).toEqual({
      note: REDACTED,
      other: REDACTED,
    });
  });

  test('the link carries the code in the fragment of the console address', () => {
    expect(signInLink('https://support.netix.ru/', 'trl_abc')).toBe(
      'https://support.netix.ru/#/sign-in/trl_abc',
    );
    const letter = renderSignInLetter('https://support.netix.ru/#/sign-in/trl_abc', 'Anna');
    expect(letter.subject).toBe('Вход в консоль Triceps Support / Sign-in link');
    expect(letter.text.indexOf('Чтобы войти')).toBeLessThan(letter.text.indexOf('To sign in'));
    expect(letter.text).toContain('https://support.netix.ru/#/sign-in/trl_abc');
  });
});
