// Assembles the running system around a database and a Temporal cluster: migrations, search
// attributes, the worker, the staff API and the SMTP intake. Used by `npm start` and by the tests.
// PROCESS_ROLES picks the parts one process runs (see config.ts), so that each scales on its own.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities';
import { tellForgottenMoves } from '../activities/promiseMoves';
import { createApi } from '../api/app';
import type { Readiness } from '../api/healthRoutes';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
import type { DnsResolver } from '../mail/authentication';
import { createMailer, type Mailer } from '../mail/mailer';
import { imapOptionsFromUrl, startImapIntake, type ImapHealth, type ImapIntake } from '../mail/imapIntake';
import { createIntake, type Intake } from '../mail/intake';
import { createAccessTokens } from '../mail/oauthTokens';
import { startSmtpIntake, type SmtpIntake } from '../mail/smtpIntake';
import { routeTemporalLogs } from '../workers/temporalLogs';
import { temporalMetricsAddress, temporalTelemetry } from '../workers/temporalMetrics';
import { startTicketWorker, type RunningWorker, type TicketWorkerOptions } from '../workers/ticketWorker';
import { workerSettings } from '../workers/workerSettings';
import { createCalendars, ticketPolicies, type Calendars } from './calendars';
import type { Config } from './config';
import type { Logger } from './logger';
import type { TicketPolicy } from '../domain/policy';
import { createMetrics, startMetricsServer } from './metrics';
import { registerSearchAttributes } from './temporalServer';

export interface RunningSystem {
  db: Database;
  temporal: Client;
  apiUrl?: string; // without the api role: none
  smtpPort?: number; // without the intake role: none
  metricsPort?: number; // GET /metrics of its own, with METRICS_PORT
  /** The working calendars from the production calendar staff maintain (cached until it changes). */
  calendars: Calendars;
  /** The policy a new request's ticket captures now. */
  ticketPolicy(): Promise<TicketPolicy>;
  /** What /readyz reports: `draining` turns true when a shutdown begins. */
  readiness: Readiness;
  /** Stops the worker, runs `whileDown`, and starts a fresh one on the same task queue, as a deploy would. */
  restartWorker(whileDown?: () => Promise<void>): Promise<void>;
  /** With IMAP_URL: whether the mailbox is being read, and why not (a revoked OAuth2 token, say). */
  mailboxHealth(): ImapHealth | undefined;
  /**
   * SIGTERM's stop: not ready at once; SMTP answers 421 to new mail while the messages in flight are stored and
   * answered; then the HTTP requests and the activities in flight finish; each within the grace time.
   */
  shutdown(): Promise<void>;
  /** Stops at once, dropping open connections (tests). */
  stop(): Promise<void>;
}

/** Stand-ins the tests hand in: the Temporal client the activities signal through (e.g. one that fails once). */
export interface SystemOverrides {
  activityTemporal?: (temporal: Client) => Client;
  dnsResolver?: DnsResolver; // answers the SPF/DKIM/DMARC look-ups of inbound mail instead of the system's DNS
}

export async function startSystem(
  config: Config,
  services: { databaseUrl: string; temporalAddress: string },
  logger: Logger,
  overrides: SystemOverrides = {},
): Promise<RunningSystem> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of stack.reverse())
      await close().catch((error) => logger.warn({ err: error }, 'stop failed'));
  };
  try {
    const db = createPool(services.databaseUrl);
    stack.push(() => db.end());
    const applied = await migrate(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    const calendars = createCalendars(db, {
      desk: config.policy.calendar,
      country: config.support.calendarCountry,
    });
    const ticketPolicy = ticketPolicies(config.policy, calendars);
    const metrics = createMetrics({
      db,
      recordCacheMs: config.metrics.cacheMs,
      temporalMetricsAddress,
      calendarCoverage: () => calendars.coverage(),
    });
    const metricsServer =
      config.metrics.port === undefined
        ? undefined
        : await startMetricsServer(metrics, { host: config.api.host, port: config.metrics.port });
    if (metricsServer) stack.push(() => metricsServer.close());

    const connection = await Connection.connect({ address: services.temporalAddress });
    stack.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporal.namespace });
    const added = await registerSearchAttributes(connection, config.temporal.namespace);
    if (added.length) logger.info({ added }, 'search attributes registered');

    // One token cache for the IMAP poller and the relay: both log in to the same hosted mailbox.
    const oauth2 = config.oauth2 && createAccessTokens(config.oauth2);
    const mailer: Mailer = createMailer({
      ...config.outbound,
      oauth2: config.outbound.auth === 'oauth2' ? oauth2 : undefined,
    });
    stack.push(async () => mailer.close());
    // Where clients and staff reach us: letters link knowledge-base articles there. Without CONSOLE_URL, the API's
    // address once it listens here, else (a worker of its own) the address the API is configured to listen on.
    const site: { url?: string } = {
      url:
        config.console.url ??
        (config.roles.has('api') ? undefined : `http://${config.api.host}:${config.api.port}`),
    };
    const activities = createActivities({
      db,
      mailer,
      temporal: overrides.activityTemporal?.(temporal) ?? temporal,
      letters: {
        supportAddress: config.support.address,
        timeZone: config.support.timeZone,
        automaticLettersPerHour: config.support.automaticLettersPerHour,
        staffAddresses: config.support.staffAddresses,
        siteUrl: () => site.url,
        voiceOrderAddress: config.support.voiceOrderAddress,
      },
      metrics,
      logger,
    });
    routeTemporalLogs(logger, await temporalTelemetry(config.metrics.temporalPort));
    const roles = config.roles;
    // The worker's own connection. Where the intake runs beside it, requests start over it too: the server then
    // hands a new ticket's first workflow task straight back to this worker (eager start) instead of queueing it.
    const workerConnection = roles.has('worker')
      ? await NativeConnection.connect({ address: services.temporalAddress })
      : undefined;
    if (workerConnection) stack.push(() => workerConnection.close());
    const workerOptions = workerConnection && {
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities,
      shutdownGraceMs: config.shutdownGraceMs,
      maxCachedWorkflows: config.worker.cachedWorkflows,
    };
    const startWorker = async (options: TicketWorkerOptions) => {
      const started = await startTicketWorker(options);
      logger.info({ worker: workerSettings(started.worker) }, 'worker started');
      return started;
    };
    let worker: RunningWorker | undefined;
    if (workerOptions) {
      worker = await startWorker(workerOptions);
      stack.push(async () => worker?.stop());
      // Promises moved over a minute ago and still untold: their booking activity is not coming back.
      const moveSweeper = repeat(10_000, () =>
        tellForgottenMoves(db, temporal).catch((error) =>
          logger.warn({ err: error }, 'moved-promise sweep failed'),
        ),
      );
      stack.push(moveSweeper.stop);
    }

    // Without CONSOLE_URL, links point at the address the API listens on (known once it listens), never at a
    // Host header, which whoever asks for a link could forge.
    // Without the intake role there is no SMTP listener to wait for: ready as far as mail goes.
    const readiness: Readiness = { draining: false, smtpTakingMail: () => !roles.has('intake') };
    let apiUrl: string | undefined;
    let server: Server | undefined;
    if (roles.has('api')) {
      const consoleSignIn: { letterFrom: string; url?: string } = {
        letterFrom: config.support.address,
        url: config.console.url,
      };
      const api = createApi({
        db,
        temporal,
        calendars,
        access: config.access,
        mailer,
        consoleSignIn,
        metrics,
        readiness,
        logger,
        defaultLanguage: config.support.language,
      });
      const listening: Server = await new Promise((resolve, reject) => {
        const started = api.listen(config.api.port, config.api.host, () => resolve(started));
        started.once('error', reject);
      });
      server = listening;
      stack.push(() => closeHttp(listening, config.shutdownGraceMs));
      apiUrl = `http://${config.api.host}:${(listening.address() as AddressInfo).port}`;
      consoleSignIn.url ??= apiUrl;
      site.url ??= apiUrl;
      if (!config.console.url && !/^(127\.|localhost$|::1$)/.test(config.api.host)) {
        logger.warn(
          `CONSOLE_URL is not set: sign-in links point at ${consoleSignIn.url}; set the address staff use`,
        );
      }
    }

    let smtpPort: number | undefined;
    let imap: ImapIntake | undefined;
    let smtpIntake: SmtpIntake | undefined;
    let intake: Intake | undefined;
    if (roles.has('intake')) {
      const target = {
        client: workerConnection
          ? new Client({ connection: workerConnection, namespace: config.temporal.namespace })
          : temporal,
        eagerStart: workerConnection !== undefined,
        taskQueue: config.temporal.taskQueue,
        policyFor: ticketPolicy,
      };
      const accepting = createIntake(
        db,
        target,
        logger,
        config.smtp.recipients,
        { resolver: overrides.dnsResolver },
        metrics,
      );
      intake = accepting;
      if (config.imap) {
        const started = await startImapIntake(
          accepting,
          {
            ...imapOptionsFromUrl(config.imap.url, config.imap.mailbox, config.imap.processedMailbox),
            pollIntervalMs: config.imap.pollIntervalMs,
            oauth2: config.imap.auth === 'oauth2' ? oauth2 : undefined,
          },
          logger,
          metrics,
        );
        imap = started;
        stack.push(() => started.close());
      }
      // Hands off whatever was stored but not handed off: Temporal was down, or the process died. Every
      // intake process sweeps; a message handed off twice starts one workflow (its ID follows from it).
      const sweeper = repeat(10_000, () =>
        accepting.sweep().catch((error) => logger.warn({ err: error }, 'hand-off sweep failed')),
      );
      stack.push(sweeper.stop);
      const smtp: SmtpIntake = await startSmtpIntake(accepting, config.smtp, logger, metrics);
      readiness.smtpTakingMail = () => smtp.takingMail();
      smtpIntake = smtp;
      stack.push(() => smtp.close());
      smtpPort = smtp.port;
    }

    return {
      db,
      temporal,
      apiUrl,
      smtpPort,
      metricsPort: metricsServer?.port,
      calendars,
      ticketPolicy,
      mailboxHealth: () => imap?.health(),
      readiness,
      restartWorker: async (whileDown) => {
        if (!worker || !workerOptions) throw new Error('this process does not run the worker role');
        await worker.stop();
        await whileDown?.();
        worker = await startWorker(workerOptions);
      },
      shutdown: async () => {
        readiness.draining = true;
        logger.info(
          { graceMs: config.shutdownGraceMs },
          'draining: no new mail; finishing what is in flight',
        );
        await smtpIntake?.drain(config.shutdownGraceMs);
        await intake?.handOffsSettled(config.shutdownGraceMs); // what is left, the next process sweeps
        await stop();
      },
      stop: async () => {
        server?.closeAllConnections?.();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Takes no new connections and lets the requests in flight finish; connections still open after `graceMs` are cut. */
async function closeHttp(server: Server, graceMs: number): Promise<void> {
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  const idle = setInterval(() => server.closeIdleConnections(), 100); // keep-alive ones, once their answer is out
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(cut);
  clearInterval(idle);
}

/**
 * Runs `task` every `ms`; `stop` ends the repeats and waits for a run in progress, so that no call outlives the
 * connections closed after it.
 */
function repeat(ms: number, task: () => Promise<unknown>): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(task);
  }, ms);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
