// Whether an inbound mail really comes from the domain it names: SPF for the host that handed it over,
// DKIM signatures, DMARC for the From domain and ARC for forwarders, checked with mailauth and kept as
// the few words staff read (pass, fail, none…). Checking needs DNS, so it is bounded and never throws.
import { promises as dns } from 'node:dns';
import { authenticate, type AuthenticateResult, type AuthStatus, type DNSResolver } from 'mailauth';

/** Answers DNS questions as `dns.promises.resolve` does; tests hand in a stub. */
export type DnsResolver = DNSResolver;

export const systemResolver: DnsResolver = (name, rrtype) =>
  dns.resolve(name, rrtype) as Promise<string[][] | string[]>;

export type AuthenticationResult =
  'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'policy' | 'temperror' | 'permerror';

/** What is stored with each inbound message and shown to staff. */
export interface MailAuthentication {
  spf: { result: AuthenticationResult; domain?: string }; // the MAIL FROM domain
  dkim: { result: AuthenticationResult; domains: string[] }; // signing domains: those that passed, else all
  dmarc: { result: AuthenticationResult; domain?: string; policy?: string }; // the From domain and its p=
  arc: { result: AuthenticationResult };
  note?: string; // why a result is missing or could not be had
  unchecked?: boolean; // the header was too large to check: the mail proves nothing
}

/** Where the mail came from. Without an IP (a relay or a mailbox handed it over) the topmost Received header is read. */
export interface MailSource {
  clientIp?: string;
  helo?: string;
  mailFrom?: string;
}

export interface AuthenticationOptions {
  resolver?: DnsResolver;
  timeoutMs?: number;
  mta?: string; // our host name in the Authentication-Results comments
}

const defaultTimeoutMs = 10_000;

function resultWord(status: AuthStatus | undefined): AuthenticationResult {
  const result = status?.result;
  if (result === 'temperr') return 'temperror';
  if (!result || result === 'skipped') return 'none';
  return result;
}

/** The stored summary of mailauth's answer. */
export function summariseAuthentication(result: AuthenticateResult): MailAuthentication {
  const signatures = result.dkim.results.filter((signature) => signature.signingDomain);
  const passed = signatures.filter((signature) => signature.status.result === 'pass');
  const spf = result.spf && result.spf['client-ip'] !== undefined ? result.spf : undefined;
  const summary: MailAuthentication = {
    spf: spf ? { result: resultWord(spf.status), domain: spf.domain } : { result: 'none' },
    dkim: {
      result: passed.length > 0 ? 'pass' : resultWord(signatures[0]?.status),
      domains: [...new Set((passed.length > 0 ? passed : signatures).map((s) => s.signingDomain))],
    },
    dmarc: result.dmarc
      ? { result: resultWord(result.dmarc.status), domain: result.dmarc.domain, policy: result.dmarc.policy }
      : { result: 'none' },
    arc: { result: result.arc ? resultWord(result.arc.status) : 'none' },
  };
  if (!spf) summary.note = 'SPF not checked: no client IP from the connection or a Received header';
  return summary;
}

/** Every check a temporary error: what is recorded when DNS did not answer in time or mailauth failed. */
export function authenticationUnavailable(note: string): MailAuthentication {
  return {
    spf: { result: 'temperror' },
    dkim: { result: 'temperror', domains: [] },
    dmarc: { result: 'temperror' },
    arc: { result: 'temperror' },
    note,
  };
}

/**
 * A mail that fails DMARC for its From domain may be forged: it must not join a ticket on its word. Nor may one
 * whose header was too large to check, or padding the header would be a way around the check.
 */
export function failsDmarc(authentication: MailAuthentication): boolean {
  return authentication.dmarc.result === 'fail' || authentication.unchecked === true;
}

// mailauth joins folded header lines in time that grows with their square: 10,000 lines take about 0.1 s,
// 40,000 take 4 s, a Cc of a million addresses would hold the event loop for hours. Real mail has a few hundred.
export const MAX_CHECKED_HEADER_LINES = 10_000;

/** How many lines the message's header block has, counting no further than `limit` + 1. */
function headerLines(raw: Buffer, limit: number): number {
  let lines = 0;
  for (let at = 0; at < raw.length && lines <= limit; lines++) {
    const end = raw.indexOf(0x0a, at);
    if (end < 0) return lines + 1;
    if (end === at || (end === at + 1 && raw[at] === 0x0d)) return lines; // the empty line ends the header
    at = end + 1;
  }
  return lines;
}

export async function authenticateMail(
  raw: Buffer,
  source: MailSource,
  options: AuthenticationOptions = {},
): Promise<MailAuthentication> {
  const lines = headerLines(raw, MAX_CHECKED_HEADER_LINES);
  if (lines > MAX_CHECKED_HEADER_LINES) {
    return {
      spf: { result: 'permerror' },
      dkim: { result: 'permerror', domains: [] },
      dmarc: { result: 'permerror' },
      arc: { result: 'permerror' },
      note: `not checked: the header has more than ${MAX_CHECKED_HEADER_LINES} lines`,
      unchecked: true,
    };
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<MailAuthentication>((resolve) => {
    timer = setTimeout(
      () => resolve(authenticationUnavailable(`no answer from DNS within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const checked = authenticate(raw, {
    ip: source.clientIp,
    helo: source.helo,
    sender: source.mailFrom,
    trustReceived: !source.clientIp,
    mta: options.mta,
    resolver: options.resolver ?? systemResolver,
    disableBimi: true, // logos are for mailbox users, not for the desk
  }).then(summariseAuthentication, (error: Error) =>
    authenticationUnavailable(`authentication failed: ${error.message}`),
  );
  try {
    return await Promise.race([checked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
