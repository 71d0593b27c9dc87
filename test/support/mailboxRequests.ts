// What the IMAP intake tests share: the desk's own intake, for a poller of the test's making to hand mail to, and
// client requests as their mail servers would deliver them into the support mailbox.
import MailComposer from 'nodemailer/lib/mail-composer';
import { createIntake, type Intake } from '../../mail/intake';
import { createLogger, type Logger } from '../../platform/logger';
import type { TestSystem } from './testSystem';

/** The intake the desk's own listener uses: it stores the mail and starts or signals the ticket's workflow. */
export function intakeOf(system: TestSystem, logger: Logger = createLogger('silent')): Intake {
  return createIntake(
    system.db,
    { client: system.temporal, taskQueue: system.config.temporal.taskQueue, policyFor: system.ticketPolicy },
    logger,
  );
}

let counter = 0;

/**
 * A request from a new client (`<label>-client<n>-…@client.example`) with its own Message-ID, as raw MIME; its
 * receipt is the first one to that client at the desk's sink after the request was written.
 */
export async function mailboxRequest(
  system: TestSystem,
  label: string,
  subject = 'Не формируется отчёт',
  text = 'При формировании отчёта ошибка 500.',
) {
  const stamp = `${++counter}-${Date.now()}`;
  const client = `${label}-client${stamp}@client.example`;
  const messageId = `<${label}-${stamp}@client.example>`;
  const mark = system.sink.mark();
  const raw = await new MailComposer({
    from: client,
    to: system.config.support.address,
    subject,
    text,
    messageId,
    headers: { 'Return-Path': `<${client}>`, 'Delivered-To': system.config.support.address },
  })
    .compile()
    .build();
  const receipt = (timeoutMs?: number) =>
    system.sink.waitFor((letter) => letter.kind === 'receipt' && letter.to.includes(client), {
      after: mark,
      timeoutMs,
    });
  return { client, messageId, raw, receipt };
}
