// The one place that reads the environment: parses it once, with a schema, into typed configuration.
import path from 'node:path';
import { z } from 'zod';
import { alwaysOpenCalendar } from '../domain/calendar';
import { defaultTicketPolicy, MINUTE, type TicketPolicy } from '../domain/policy';
import type { StaffAddresses } from '../domain/staffAudience';
import type { OAuthSettings } from '../mail/oauthTokens';
import { describeConfigProblems } from './configProblems';

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const optionalEmail = z.preprocess((value) => (value === '' ? undefined : value), z.email().optional());

/** Staff letters go to the staff with the role; these stand in when nobody has it. */
const fallbackLeadAddress = 'lead@triceps.local';
const fallbackHeadAddress = 'head@triceps.local';

/** A comma-separated list of addresses, e.g. "anna@netix.ru, boris@netix.ru". */
const emailList = z
  .string()
  .default('')
  .transform((list) =>
    list
      .split(',')
      .map((address) => address.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.email()));

/**
 * What one process runs, so that workers and API/intake processes scale apart: `worker` (the Temporal worker
 * and the moved-promise sweep), `api` (the staff API and console), `intake` (SMTP, IMAP and the hand-off sweep).
 */
export const processRoles = ['worker', 'api', 'intake'] as const;
export type ProcessRole = (typeof processRoles)[number];

const environmentBaseSchema = z.object({
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: optionalUrl,
  EMBEDDED_POSTGRES_PORT: port.default(5433),
  TEMPORAL_ADDRESS: optionalUrl,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tickets'),
  TEMPORAL_BINARY: optionalUrl,
  // Ticket workflows the worker keeps in memory between their tasks, about 1 MB each (npm run bench:scale); an
  // evicted one replays its history at its next task. 100 keeps a worker near 330 MB however many tickets are open.
  WORKER_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(100),
  PORT: port.default(3000),
  HOST: z.string().default('127.0.0.1'),
  SMTP_PORT: port.default(2525),
  SMTP_HOST: z.string().default('127.0.0.1'),
  SMTP_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  SMTP_URL: optionalUrl,
  SMTP_TLS_CERT: optionalUrl,
  SMTP_TLS_KEY: optionalUrl,
  SMTP_AUTH_USER: optionalUrl,
  SMTP_AUTH_PASSWORD: optionalUrl,
  IMAP_URL: optionalUrl.pipe(
    z
      .url({
        protocol: /^imaps?$/,
        error: 'must look like imaps://user:password@imap.example.com:993 (or imap://…:143)',
      })
      .optional(),
  ),
  IMAP_MAILBOX: z.string().trim().min(1).default('INBOX'),
  IMAP_PROCESSED_MAILBOX: optionalUrl,
  IMAP_POLL_SECONDS: z.coerce.number().positive().default(60),
  IMAP_AUTH: z.enum(['password', 'oauth2']).default('password'),
  SMTP_URL_AUTH: z.enum(['password', 'oauth2']).default('password'),
  OAUTH_TOKEN_URL: optionalUrl.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'must look like https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token',
      })
      .optional(),
  ),
  OAUTH_CLIENT_ID: optionalUrl,
  OAUTH_CLIENT_SECRET: optionalUrl,
  OAUTH_REFRESH_TOKEN: optionalUrl,
  OAUTH_SCOPE: optionalUrl,
  SUPPORT_ALIASES: emailList,
  SUPPORT_ADDRESS: z.email().default('support@triceps.local'),
  SUPPORT_LEAD_ADDRESS: optionalEmail,
  SUPPORT_HEAD_ADDRESS: optionalEmail,
  SUPPORT_TIME_ZONE: z.string().default('Europe/Moscow'),
  DEFAULT_LANGUAGE: z.enum(['ru', 'en']).default('ru'),
  ONCALL_ADDRESSES: emailList,
  SUPPORT_CALENDAR: z.enum(['russia', 'always-open']).default('russia'),
  ACK_WORKING_MINUTES: z.coerce.number().positive().default(120),
  EMERGENCY_TAKE_MINUTES: z.coerce.number().positive().default(15),
  REOPEN_WINDOW_DAYS: z.coerce.number().positive().default(7),
  DEFAULT_ESTIMATE_MINUTES: z.coerce.number().int().positive().default(240),
  PROMISE_MARGIN_PERCENT: z.coerce.number().min(0).max(200).default(30),
  VOICE_EFFORT_PERCENT: z.coerce.number().min(0).max(500).default(65),
  VOICE_ORDER_ADDRESS: optionalEmail,
  // Above 0.99 the margin a rare outlier asks for would be booked on every estimate.
  PROMISE_TARGET: z.coerce.number().min(0.5).max(0.99).default(0.9),
  AUTO_REPLY_LIMIT_PER_HOUR: z.coerce.number().int().positive().default(5),
  STAFF_TOKEN_DAYS: z.coerce.number().int().positive().max(3650).default(90),
  STAFF_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  CONSOLE_URL: optionalUrl.pipe(
    z
      .url({
        protocol: /^https?$/,
        error: 'must look like https://support.netix.ru (where the console is served)',
      })
      .optional(),
  ),
  AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SEARCHES_PER_MINUTE: z.coerce.number().int().positive().default(30),
  // GET /metrics on a listener of its own, besides the API's; empty is unset, not port 0
  METRICS_PORT: z.preprocess((value) => (value === '' ? undefined : value), port.optional()),
  METRICS_CACHE_SECONDS: z.coerce.number().min(0).default(15),
  TEMPORAL_METRICS_PORT: port.default(0), // the SDK's exporter on loopback; 0: a free port
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().positive().max(3600).default(30),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(), // unset: pretty on a terminal, else JSON
  PROCESS_ROLES: z
    .string()
    .default(processRoles.join(','))
    .transform((list) => [...new Set(list.split(',').map((role) => role.trim()))].filter(Boolean))
    .pipe(
      z
        .array(
          z.enum(processRoles, { error: `must be a comma-separated list of ${processRoles.join(', ')}` }),
        )
        .min(1, { error: `name at least one of ${processRoles.join(', ')}` }),
    ),
});
const environmentSchema = environmentBaseSchema.superRefine(requireOAuthSettings);

/** IMAP_AUTH=oauth2 or SMTP_URL_AUTH=oauth2 needs a token endpoint, a client and one of the two grants. */
function requireOAuthSettings(e: z.infer<typeof environmentBaseSchema>, context: z.RefinementCtx): void {
  const problem = (variable: string, message: string) =>
    context.addIssue({ code: 'custom', path: [variable], message });
  const users = [
    [
      'IMAP_AUTH',
      'IMAP_URL',
      e.IMAP_AUTH,
      e.IMAP_URL,
      'imaps://support%40netix.ru@outlook.office365.com:993',
    ],
    [
      'SMTP_URL_AUTH',
      'SMTP_URL',
      e.SMTP_URL_AUTH,
      e.SMTP_URL,
      'smtp://support%40netix.ru@smtp.office365.com:587',
    ],
  ] as const;
  const wanted = users.filter(([, , auth]) => auth === 'oauth2');
  if (wanted.length === 0) return;
  const by = wanted.map(([name]) => `${name}=oauth2`).join(' and ');
  for (const [name, urlName, , url, example] of wanted) {
    const parsed = url ? URL.parse(url) : null;
    if (!parsed?.username)
      problem(
        urlName,
        `${name}=oauth2 needs ${urlName} with the mailbox's address as the user, e.g. ${example}`,
      );
    else if (parsed.password)
      problem(urlName, `with ${name}=oauth2 the URL carries no password, e.g. ${example}`);
  }
  if (!e.OAUTH_TOKEN_URL)
    problem('OAUTH_TOKEN_URL', `${by} needs the token endpoint, e.g. https://oauth2.googleapis.com/token`);
  if (!e.OAUTH_CLIENT_ID)
    problem('OAUTH_CLIENT_ID', `${by} needs the application (client) id registered with the provider`);
  if (!e.OAUTH_REFRESH_TOKEN && !e.OAUTH_CLIENT_SECRET)
    problem(
      'OAUTH_REFRESH_TOKEN',
      `${by} needs OAUTH_REFRESH_TOKEN (refresh-token grant) or OAUTH_CLIENT_SECRET with OAUTH_SCOPE (client-credentials grant)`,
    );
  else if (!e.OAUTH_REFRESH_TOKEN && !e.OAUTH_SCOPE)
    problem(
      'OAUTH_SCOPE',
      `the client-credentials grant (no OAUTH_REFRESH_TOKEN) needs a scope, e.g. https://outlook.office365.com/.default`,
    );
}

export type Environment = z.infer<typeof environmentSchema>;

/** Every variable the system reads. */
export const configVariables = Object.keys(environmentSchema.shape);

export interface Config {
  dataDir: string;
  database: { url?: string; embeddedPort: number };
  temporal: {
    address?: string;
    namespace: string;
    taskQueue: string;
    devServerPort: number;
    uiPort: number;
    binary?: string;
  };
  /** The Temporal worker (role `worker`): how many ticket workflows it keeps in memory, 0 none. */
  worker: { cachedWorkflows: number };
  api: { host: string; port: number };
  smtp: {
    host: string;
    port: number;
    maxMessageBytes: number;
    tls?: { certFile: string; keyFile: string }; // STARTTLS offered when set
    auth?: { user: string; password: string }; // relays may authenticate when set
    recipients: string[]; // the support address and its aliases
  };
  outbound: { relayUrl?: string; outboxDir: string; auth: 'password' | 'oauth2' };
  imap?: {
    url: string;
    mailbox: string;
    processedMailbox?: string;
    pollIntervalMs: number;
    auth: 'password' | 'oauth2';
  };
  /** The token endpoint and client that IMAP_AUTH=oauth2 and SMTP_URL_AUTH=oauth2 share. */
  oauth2?: OAuthSettings;
  /** The staff web console: sign-in links point at `url`; unset, at the origin the link was asked from. */
  console: { url?: string };
  support: {
    address: string;
    staffAddresses: StaffAddresses;
    timeZone: string;
    language: 'ru' | 'en';
    automaticLettersPerHour: number;
    /** The country whose production calendar (kept in PostgreSQL) the desk follows; null: `policy.calendar` as is. */
    calendarCountry: string | null;
    voiceOrderAddress: string; // where clients order the paid voice support
  };
  /** The regulation's numbers; its calendar is replaced by the database's when a ticket starts (calendarCountry). */
  policy: TicketPolicy;
  access: AccessPolicy;
  /** GET /metrics: also on `port` (HOST) when set; the record read at most every `cacheMs`. */
  metrics: { port?: number; cacheMs: number; temporalPort: number };
  logLevel: Environment['LOG_LEVEL'];
  logFormat?: Environment['LOG_FORMAT'];
  roles: ReadonlySet<ProcessRole>;
  /** On SIGTERM: how long in-flight mail, requests and activities get to finish. */
  shutdownGraceMs: number;
}

/** How long staff tokens and console sessions live, and how much the API takes from one address or one token. */
export interface AccessPolicy {
  tokenDays: number;
  sessionHours: number; // a console session, from sign-in; then 401 and sign in again
  authFailuresPerMinute: number; // per remote address; then 429 until the minute is over
  expensiveRequestsPerMinute: number; // per token, on search and reports
}

export const defaultAccessPolicy: AccessPolicy = {
  tokenDays: 90,
  sessionHours: 12,
  authFailuresPerMinute: 10,
  expensiveRequestsPerMinute: 30,
};

export class ConfigurationError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new ConfigurationError(describeConfigProblems(parsed.error.issues, env));
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    dataDir,
    database: { url: e.DATABASE_URL, embeddedPort: e.EMBEDDED_POSTGRES_PORT },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      devServerPort: e.TEMPORAL_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      binary: e.TEMPORAL_BINARY,
    },
    worker: { cachedWorkflows: e.WORKER_CACHED_WORKFLOWS },
    api: { host: e.HOST, port: e.PORT },
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      maxMessageBytes: e.SMTP_MAX_MESSAGE_BYTES,
      tls:
        e.SMTP_TLS_CERT && e.SMTP_TLS_KEY
          ? { certFile: e.SMTP_TLS_CERT, keyFile: e.SMTP_TLS_KEY }
          : undefined,
      auth: e.SMTP_AUTH_USER ? { user: e.SMTP_AUTH_USER, password: e.SMTP_AUTH_PASSWORD ?? '' } : undefined,
      recipients: [e.SUPPORT_ADDRESS, ...e.SUPPORT_ALIASES],
    },
    outbound: { relayUrl: e.SMTP_URL, outboxDir: path.join(dataDir, 'outbox'), auth: e.SMTP_URL_AUTH },
    imap: e.IMAP_URL
      ? {
          url: e.IMAP_URL,
          mailbox: e.IMAP_MAILBOX,
          processedMailbox: e.IMAP_PROCESSED_MAILBOX,
          pollIntervalMs: e.IMAP_POLL_SECONDS * 1000,
          auth: e.IMAP_AUTH,
        }
      : undefined,
    oauth2: oauthSettingsFrom(e),
    console: { url: e.CONSOLE_URL },
    support: {
      address: e.SUPPORT_ADDRESS,
      staffAddresses: {
        leads: { configured: e.SUPPORT_LEAD_ADDRESS, fallback: fallbackLeadAddress },
        heads: { configured: e.SUPPORT_HEAD_ADDRESS, fallback: fallbackHeadAddress },
        onCall: e.ONCALL_ADDRESSES,
      },
      timeZone: e.SUPPORT_TIME_ZONE,
      language: e.DEFAULT_LANGUAGE,
      automaticLettersPerHour: e.AUTO_REPLY_LIMIT_PER_HOUR,
      calendarCountry: e.SUPPORT_CALENDAR === 'russia' ? 'ru' : null,
      voiceOrderAddress: e.VOICE_ORDER_ADDRESS ?? e.SUPPORT_ADDRESS,
    },
    policy: ticketPolicyFrom(e),
    access: {
      tokenDays: e.STAFF_TOKEN_DAYS,
      sessionHours: e.STAFF_SESSION_HOURS,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
      expensiveRequestsPerMinute: e.SEARCHES_PER_MINUTE,
    },
    metrics: {
      port: e.METRICS_PORT,
      cacheMs: e.METRICS_CACHE_SECONDS * 1000,
      temporalPort: e.TEMPORAL_METRICS_PORT,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    roles: new Set(e.PROCESS_ROLES),
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}

function oauthSettingsFrom(e: Environment): OAuthSettings | undefined {
  if (e.IMAP_AUTH !== 'oauth2' && e.SMTP_URL_AUTH !== 'oauth2') return undefined;
  return {
    tokenUrl: e.OAUTH_TOKEN_URL!,
    clientId: e.OAUTH_CLIENT_ID!,
    clientSecret: e.OAUTH_CLIENT_SECRET,
    scope: e.OAUTH_SCOPE,
    grant: e.OAUTH_REFRESH_TOKEN
      ? { type: 'refresh_token', refreshToken: e.OAUTH_REFRESH_TOKEN }
      : { type: 'client_credentials' },
  };
}

function ticketPolicyFrom(e: Environment): TicketPolicy {
  const policy = defaultTicketPolicy({
    timeZone: e.SUPPORT_TIME_ZONE,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    leadAddress: e.SUPPORT_LEAD_ADDRESS ?? fallbackLeadAddress,
    headAddress: e.SUPPORT_HEAD_ADDRESS ?? fallbackHeadAddress,
    onCallAddresses: e.ONCALL_ADDRESSES,
  });
  return {
    ...policy,
    calendar:
      e.SUPPORT_CALENDAR === 'always-open' ? alwaysOpenCalendar(e.SUPPORT_TIME_ZONE) : policy.calendar,
    ackWorkingMs: e.ACK_WORKING_MINUTES * MINUTE,
    emergencyTakeWindowMs: e.EMERGENCY_TAKE_MINUTES * MINUTE,
    reopenWindowMs: e.REOPEN_WINDOW_DAYS * 24 * 60 * MINUTE,
    defaultEstimateMinutes: e.DEFAULT_ESTIMATE_MINUTES,
    promiseMarginShare: e.PROMISE_MARGIN_PERCENT / 100,
    voiceEffortShare: e.VOICE_EFFORT_PERCENT / 100,
    promiseTarget: e.PROMISE_TARGET,
  };
}
