// Turns the schema's complaints about the environment into one start-up message a person can act on:
// every bad variable on its own line, what is wrong with it, and a value that would do.
import type { z } from 'zod';

/** A value that works, for each variable; shown beside a bad one. */
export const exampleValues: Record<string, string> = {
  DATA_DIR: 'data',
  DATABASE_URL: 'postgres://triceps:secret@db.internal:5432/triceps',
  EMBEDDED_POSTGRES_PORT: '5433',
  TEMPORAL_ADDRESS: 'temporal.internal:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_PORT: '7233',
  TEMPORAL_UI_PORT: '8233',
  TEMPORAL_TASK_QUEUE: 'tickets',
  TEMPORAL_BINARY: '/usr/local/bin/temporal',
  WORKER_CACHED_WORKFLOWS: '100',
  PORT: '3000',
  HOST: '0.0.0.0',
  SMTP_PORT: '2525',
  SMTP_HOST: '0.0.0.0',
  SMTP_MAX_MESSAGE_BYTES: '26214400',
  SMTP_URL: 'smtp://relay.netix.ru:587',
  SMTP_TLS_CERT: '/etc/triceps/tls.crt',
  SMTP_TLS_KEY: '/etc/triceps/tls.key',
  SMTP_AUTH_USER: 'relay',
  SMTP_AUTH_PASSWORD: 'a-long-random-password',
  IMAP_URL: 'imaps://support%40netix.ru:app-password@imap.netix.ru:993',
  IMAP_MAILBOX: 'INBOX',
  IMAP_PROCESSED_MAILBOX: 'Processed',
  IMAP_POLL_SECONDS: '60',
  IMAP_AUTH: 'password',
  SMTP_URL_AUTH: 'password',
  OAUTH_TOKEN_URL: 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token',
  OAUTH_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
  OAUTH_CLIENT_SECRET: 'the-client-secret',
  OAUTH_REFRESH_TOKEN: 'the-refresh-token',
  OAUTH_SCOPE: 'https://outlook.office365.com/.default',
  SUPPORT_ALIASES: 'help@netix.ru, service@netix.ru',
  SUPPORT_ADDRESS: 'support@netix.ru',
  SUPPORT_LEAD_ADDRESS: 'lead@netix.ru',
  SUPPORT_HEAD_ADDRESS: 'head@netix.ru',
  SUPPORT_TIME_ZONE: 'Europe/Moscow',
  DEFAULT_LANGUAGE: 'ru',
  ONCALL_ADDRESSES: 'anna@netix.ru, boris@netix.ru',
  SUPPORT_CALENDAR: 'russia',
  ACK_WORKING_MINUTES: '120',
  EMERGENCY_TAKE_MINUTES: '15',
  REOPEN_WINDOW_DAYS: '7',
  DEFAULT_ESTIMATE_MINUTES: '240',
  PROMISE_MARGIN_PERCENT: '30',
  VOICE_EFFORT_PERCENT: '65',
  VOICE_ORDER_ADDRESS: 'sales@netix.ru',
  PROMISE_TARGET: '0.9',
  AUTO_REPLY_LIMIT_PER_HOUR: '5',
  STAFF_TOKEN_DAYS: '90',
  STAFF_SESSION_HOURS: '12',
  CONSOLE_URL: 'https://support.netix.ru',
  AUTH_FAILURES_PER_MINUTE: '10',
  SEARCHES_PER_MINUTE: '30',
  SHUTDOWN_GRACE_SECONDS: '30',
  METRICS_PORT: '9464',
  METRICS_CACHE_SECONDS: '15',
  TEMPORAL_METRICS_PORT: '9465',
  PROCESS_ROLES: 'worker',
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
};

/** What is wrong, in words; zod's own message where it is already ours (a custom `error`). */
function whatIsWrong(issue: z.core.$ZodIssue, value: string | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : `must be a ${issue.expected}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.inclusive
        ? `must be at least ${String(issue.minimum)}`
        : `must be more than ${String(issue.minimum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'email')
        return issue.path.length > 1
          ? `"${listItem(value, issue.path[1])}" is not an email address`
          : 'must be an email address';
      return issue.message;
    default:
      return issue.message;
  }
}

/** The item of a comma-separated list that a complaint about `LIST[index]` is about. */
function listItem(list: string | undefined, index: PropertyKey | undefined): string {
  return (
    (list ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)[Number(index)] ?? ''
  );
}

/** Values that may hold a password are shown without it. */
export function shownValue(name: string, value: string | undefined): string {
  if (value === undefined) return 'unset';
  if (/PASSWORD|SECRET|KEY$|REFRESH_TOKEN/.test(name)) return '"***"';
  return JSON.stringify(value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@'));
}

/** One line per bad variable, e.g. `  PORT="70000": must be at most 65535 (e.g. PORT=3000)`. */
export function describeConfigProblems(issues: z.core.$ZodIssue[], env: NodeJS.ProcessEnv): string {
  const byVariable = new Map<string, string[]>();
  for (const issue of issues) {
    const name = String(issue.path[0]);
    const wrong = whatIsWrong(issue, env[name]);
    const known = byVariable.get(name) ?? [];
    if (!known.includes(wrong)) known.push(wrong);
    byVariable.set(name, known);
  }
  const lines = [...byVariable].map(([name, wrongs]) => {
    const example =
      exampleValues[name] === undefined || wrongs.some((wrong) => wrong.includes('e.g.'))
        ? ''
        : ` (e.g. ${name}=${exampleValues[name]})`;
    return `  ${name}=${shownValue(name, env[name])}: ${wrongs.join('; ')}${example}`;
  });
  const count = byVariable.size === 1 ? '1 variable' : `${byVariable.size} variables`;
  return [
    `Invalid configuration (${count}):`,
    ...lines,
    'Fix them in the environment and start again; README.md lists every variable.',
  ].join('\n');
}
