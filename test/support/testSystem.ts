// The whole system for one test suite: its own database, its own task queue, a real SMTP sink,
// on the Temporal dev server the global setup started.
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { DestinationStream } from 'pino';
import { addStaffMember, type StaffRole } from '../../db/staff';
import type { TicketPolicy } from '../../domain/policy';
import { loadConfig, type Config } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startSystem, type RunningSystem, type SystemOverrides } from '../../platform/system';
import { assertDescribedAnswer } from './openapiValidation';
import { startSmtpSink, type SmtpSink } from './smtpSink';
import { createTestDatabase } from './testDatabaseServer';

export { createTestDatabase };

export interface TestSystem extends RunningSystem {
  apiUrl: string; // a test system runs every role
  smtpPort: number;
  config: Config;
  sink: SmtpSink;
  databaseName: string;
  sendMail(mail: Mail.Options): Promise<string>;
  addStaff(email: string, role?: StaffRole, skills?: string[]): Promise<string>;
  api(
    token: string,
    route: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export async function startTestSystem(
  // A function, for settings that need the sink first (say, a relay that forwards to it).
  env: Record<string, string> | ((sink: SmtpSink) => Promise<Record<string, string>>) = {},
  policy: Partial<TicketPolicy> = {},
  overrides: SystemOverrides = {},
  logTo?: DestinationStream, // JSON log lines go here instead of stdout
): Promise<TestSystem> {
  const temporalAddress = process.env.TEST_TEMPORAL_ADDRESS;
  if (!temporalAddress)
    throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the tests through jest (global setup)');
  const database = await createTestDatabase();
  const sink = await startSmtpSink();
  const settings = typeof env === 'function' ? await env(sink) : env;
  const config = loadConfig({
    DATA_DIR: path.join(tmpdir(), database.name),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `tickets-${database.name}`,
    PORT: '0',
    SMTP_PORT: '0',
    SMTP_URL: sink.url,
    LOG_LEVEL: 'silent',
    SUPPORT_CALENDAR: 'always-open',
    ONCALL_ADDRESSES: 'oncall@netix.example',
    SUPPORT_LEAD_ADDRESS: 'lead@netix.example',
    SUPPORT_HEAD_ADDRESS: 'head@netix.example',
    ...settings,
  });
  config.policy = { ...config.policy, ...policy };
  const system = await startSystem(
    config,
    { databaseUrl: database.url, temporalAddress },
    logTo ? createLogger(config.logLevel, 'json', logTo) : createLogger(config.logLevel),
    overrides,
  );
  const { apiUrl, smtpPort } = system;
  if (apiUrl === undefined || smtpPort === undefined) throw new Error('a test system runs every role');
  const client = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
  });

  return {
    ...system,
    apiUrl,
    smtpPort,
    config,
    sink,
    databaseName: database.name,
    async sendMail(mail) {
      const info = await client.sendMail({ to: config.support.address, ...mail });
      return info.messageId;
    },
    async addStaff(email, role = 'specialist', skills = []) {
      const { token } = await addStaffMember(system.db, { email, name: email.split('@')[0]!, role, skills });
      return token;
    },
    async api(token, route, init = {}) {
      const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
      const response = await fetch(`${apiUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await response.text();
      const body = text ? JSON.parse(text) : undefined;
      assertDescribedAnswer(method, route, response.status, response.headers.get('content-type'), body);
      return { status: response.status, body };
    },
    async close() {
      client.close();
      await system.stop();
      await sink.close();
      await database.drop();
    },
  };
}
