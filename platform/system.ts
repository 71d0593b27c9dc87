// Assembles the running system around a database and a Temporal cluster: migrations, search
// attributes, the worker, the staff API and the SMTP intake. Used by `npm start` and by the tests.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { createActivities } from '../activities';
import { tellForgottenMoves } from '../activities/promiseMoves';
import { createApi } from '../api/app';
import type { Readiness } from '../api/healthRoutes';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
import type { DnsResolver } from '../mail/authentication';
import { createMailer, type Mailer } from '../mail/mailer';
import { handOffPending } from '../mail/handoff';
import { imapOptionsFromUrl, startImapIntake } from '../mail/imapIntake';
import { createIntake } from '../mail/intake';
import { startSmtpIntake, type SmtpIntake } from '../mail/smtpIntake';
import { routeTemporalLogs } from '../workers/temporalLogs';
import { startTicketWorker, type RunningWorker } from '../workers/ticketWorker';
import type { Config } from './config';
import type { Logger } from './logger';
import { registerSearchAttributes } from './temporalServer';

export interface RunningSystem {
  db: Database;
  temporal: Client;
  apiUrl: string;
  smtpPort: number;
  /** What /readyz reports: `draining` turns true when a shutdown begins. */
  readiness: Readiness;
  /** Stops the worker, runs `whileDown`, and starts a fresh one on the same task queue, as a deploy would. */
  restartWorker(whileDown?: () => Promise<void>): Promise<void>;
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

    const connection = await Connection.connect({ address: services.temporalAddress });
    stack.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.temporal.namespace });
    const added = await registerSearchAttributes(connection, config.temporal.namespace);
    if (added.length) logger.info({ added }, 'search attributes registered');

    const mailer: Mailer = createMailer(config.outbound);
    stack.push(async () => mailer.close());
    const activities = createActivities({
      db,
      mailer,
      temporal: overrides.activityTemporal?.(temporal) ?? temporal,
      logger,
      letters: {
        supportAddress: config.support.address,
        timeZone: config.support.timeZone,
        automaticLettersPerHour: config.support.automaticLettersPerHour,
        staffAddresses: config.support.staffAddresses,
      },
    });
    routeTemporalLogs(logger);
    const workerOptions = {
      address: services.temporalAddress,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities,
      shutdownGraceMs: config.shutdownGraceMs,
    };
    let worker: RunningWorker = await startTicketWorker(workerOptions);
    stack.push(() => worker.stop());

    // Without CONSOLE_URL, links point at the address the API listens on (known once it listens), never at a
    // Host header, which whoever asks for a link could forge.
    const consoleSignIn: { letterFrom: string; url?: string } = {
      letterFrom: config.support.address,
      url: config.console.url,
    };
    const readiness: Readiness = { draining: false, smtpTakingMail: () => false };
    const api = createApi({
      db,
      temporal,
      calendar: config.policy.calendar,
      access: config.access,
      mailer,
      consoleSignIn,
      readiness,
      logger,
    });
    const server: Server = await new Promise((resolve, reject) => {
      const listening = api.listen(config.api.port, config.api.host, () => resolve(listening));
      listening.once('error', reject);
    });
    stack.push(() => closeHttp(server, config.shutdownGraceMs));
    const apiPort = (server.address() as AddressInfo).port;
    consoleSignIn.url ??= `http://${config.api.host}:${apiPort}`;
    if (!config.console.url && !/^(127\.|localhost$|::1$)/.test(config.api.host)) {
      logger.warn(
        `CONSOLE_URL is not set: sign-in links point at ${consoleSignIn.url}; set the address staff use`,
      );
    }

    const target = { client: temporal, taskQueue: config.temporal.taskQueue, policy: config.policy };
    const intake = createIntake(db, target, logger, config.smtp.recipients, {
      resolver: overrides.dnsResolver,
    });
    if (config.imap) {
      const imap = await startImapIntake(
        intake,
        {
          ...imapOptionsFromUrl(config.imap.url, config.imap.mailbox, config.imap.processedMailbox),
          pollIntervalMs: config.imap.pollIntervalMs,
        },
        logger,
      );
      stack.push(() => imap.close());
    }
    // Hands off whatever was stored but not handed off: Temporal was down, or the process died.
    const sweeper = setInterval(() => {
      handOffPending(db, target, intake.checkBeforeHandOff).catch((error) =>
        logger.warn({ err: error }, 'hand-off sweep failed'),
      );
      // Promises moved over a minute ago and still untold: their booking activity is not coming back.
      tellForgottenMoves(db, temporal).catch((error) =>
        logger.warn({ err: error }, 'moved-promise sweep failed'),
      );
    }, 10_000);
    stack.push(async () => clearInterval(sweeper));
    const smtpIntake: SmtpIntake = await startSmtpIntake(intake, config.smtp, logger);
    readiness.smtpTakingMail = () => smtpIntake.takingMail();
    stack.push(() => smtpIntake.close());

    return {
      db,
      temporal,
      apiUrl: `http://${config.api.host}:${apiPort}`,
      smtpPort: smtpIntake.port,
      readiness,
      restartWorker: async (whileDown) => {
        await worker.stop();
        await whileDown?.();
        worker = await startTicketWorker(workerOptions);
      },
      shutdown: async () => {
        readiness.draining = true;
        logger.info(
          { graceMs: config.shutdownGraceMs },
          'draining: no new mail; finishing what is in flight',
        );
        await smtpIntake.drain(config.shutdownGraceMs);
        await stop();
      },
      stop: async () => {
        server.closeAllConnections?.();
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
