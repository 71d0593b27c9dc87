// What every inbound channel (our SMTP listener, the IMAP poller) does with a raw message:
// store it durably, join it to its ticket or give it a workflow of its own, then hand it off.
// Mail from robots is stored too, but only recorded where staff see it (see automaticMail.ts).
// Between storing and hand-off each mail's SPF/DKIM/DMARC is checked (authentication.ts): a reply that
// fails DMARC for its From domain does not join its ticket but becomes a request linked to it.
import type { Database } from '../db/pool';
import {
  awaitsAuthentication,
  recordAuthentication,
  storedArrival,
  storeInboundMessage,
  type StoredMessage,
} from '../db/inboundMessages';
import { markLetterBounced } from '../db/letters';
import { findTicketByNumber, nextTicketNumber, recordEvent } from '../db/tickets';
import type { Logger } from '../platform/logger';
import { createMetrics, type Metrics } from '../platform/metrics';
import { authenticateMail, failsDmarc, type AuthenticationOptions } from './authentication';
import { bounceReason, ignoredKinds, referencedLetters } from './automaticMail';
import { handOff, handOffPending, type HandoffTarget } from './handoff';
import { createHandoffQueue } from './handoffQueue';
import { keepMessageText } from './messageText';
import {
  readInboundHeaders,
  workflowIdFor,
  type InboundEnvelope,
  type InboundHeaders,
} from './inboundMessage';
import { findThread } from './threading';

export interface Intake {
  /**
   * Resolves once the message is committed to PostgreSQL (and checked): the sender may be answered. Its hand-off
   * follows, a bounded number at a time; one that fails is retried by the sweep.
   */
  accept(raw: Buffer, envelope: InboundEnvelope): Promise<StoredMessage>;
  /** Hands off what was stored but not handed off (Temporal was down, the process died), each checked first. */
  sweep(): Promise<number>;
  /** Resolves once the hand-offs of accepted messages are done, or after `graceMs` (the sweep takes the rest). */
  handOffsSettled(graceMs: number): Promise<void>;
}

// Workflow starts in flight at once: enough to keep the worker busy, few enough that a burst queues here.
const HAND_OFF_CONCURRENCY = 16;

export function createIntake(
  db: Database,
  target: HandoffTarget,
  logger: Logger,
  ownAddresses: readonly string[] = [],
  authentication: AuthenticationOptions = {},
  metrics: Metrics = createMetrics(),
): Intake {
  /** Checks a stored message once, before its hand-off; a check that cannot finish records `temperror`. */
  async function authenticateStored(
    stored: StoredMessage,
    raw: Buffer,
    envelope: InboundEnvelope,
    headers: InboundHeaders,
  ): Promise<StoredMessage> {
    if (!stored.isNew && !(await awaitsAuthentication(db, stored.id))) return stored;
    const result = await authenticateMail(raw, envelope, authentication);
    const refused = stored.replyToTicketId !== null && failsDmarc(result);
    const checked = await recordAuthentication(
      db,
      stored,
      result,
      refused ? await nextTicketNumber(db) : undefined,
    );
    if (checked.replyToTicketId !== stored.replyToTicketId) {
      logger.warn(
        {
          id: stored.id,
          from: headers.fromAddress,
          ticketId: stored.replyToTicketId,
          workflowId: checked.workflowId,
          dmarc: result.dmarc,
        },
        'reply failed DMARC: a new request linked to its ticket',
      );
    }
    return checked;
  }

  /** Checks a stored message that a crash left unchecked, so that a forged reply cannot slip in. */
  async function checkBeforeHandOff(message: StoredMessage): Promise<StoredMessage> {
    if (!(await awaitsAuthentication(db, message.id))) return message;
    const { raw, envelope } = await storedArrival(db, message.id);
    const headers = await readInboundHeaders(raw, envelope, ownAddresses);
    return authenticateStored({ ...message, isNew: false }, raw, envelope, headers);
  }

  const handOffs = createHandoffQueue(
    (stored) =>
      handOff(db, target, stored).catch((error: unknown) =>
        logger.warn(
          { err: error, id: stored.id, workflowId: stored.workflowId },
          'hand-off failed; the sweeper will retry',
        ),
      ),
    HAND_OFF_CONCURRENCY,
  );

  return {
    sweep: () => handOffPending(db, target, checkBeforeHandOff, (message) => !handOffs.holds(message.id)),
    handOffsSettled: (graceMs) => handOffs.settled(graceMs),

    async accept(raw, envelope) {
      const headers = await readInboundHeaders(raw, envelope, ownAddresses);
      if (headers.automatic && ignoredKinds.includes(headers.automatic)) {
        const stored = await storeInboundMessage(db, {
          raw,
          envelope,
          headers,
          workflowId: workflowIdFor(headers.messageKey),
          ignoredReason: `automatic mail (${headers.automatic}): no ticket, no answer`,
        });
        await authenticateStored(stored, raw, envelope, headers);
        metrics.mail.accepted.inc({ kind: stored.isNew ? 'automatic' : 'redelivery' });
        if (stored.isNew) await recordOnTickets(db, raw, headers, stored.id, metrics);
        logger.info(
          { messageKey: headers.messageKey, automatic: headers.automatic, id: stored.id },
          'automatic mail stored',
        );
        return stored;
      }
      const thread = await findThread(db, headers);
      const stored = await authenticateStored(
        await storeInboundMessage(db, {
          raw,
          envelope,
          headers,
          workflowId: thread?.workflowId, // none: a new request, numbered as it is stored
          replyToTicketId: thread?.ticketId,
        }),
        raw,
        envelope,
        headers,
      );
      // A request's number is allocated with its row; a reply names the ticket it joins.
      const ticket =
        stored.ticketNumber ??
        (thread && stored.replyToTicketId === thread.ticketId ? thread.number : undefined);
      const log = logger.child({ workflowId: stored.workflowId, ...(ticket ? { ticket } : {}) });
      log.info(
        { messageKey: headers.messageKey, id: stored.id, isNew: stored.isNew },
        stored.replyToTicketId === null ? 'request stored' : 'reply stored',
      );
      const kind = !stored.isNew ? 'redelivery' : stored.replyToTicketId !== null ? 'reply' : 'request';
      metrics.mail.accepted.inc({ kind });
      // A reply is not registered as a request is: its text is kept here, before its ticket hears of it.
      // What could not be read of it is noted on the ticket, as registerTicket notes it for a request.
      if (stored.isNew && stored.replyToTicketId !== null) {
        const ticketId = stored.replyToTicketId;
        await keepMessageText(db, stored.id, raw)
          .then(({ problems }) =>
            problems.length === 0
              ? undefined
              : recordEvent(db, ticketId, {
                  key: `parsed-${stored.id}`,
                  kind: 'mail_problems',
                  actor: 'system',
                  details: { inboundMessageId: stored.id, subject: headers.subject, problems },
                }),
          )
          .catch((error: unknown) =>
            log.warn({ err: error, id: stored.id }, 'reply text not kept; it is decoded when first read'),
          );
      }
      handOffs.add(stored);
      return stored;
    },
  };
}

/** A bounce marks our letter bounced; a bounce or an auto-reply is written into its ticket's history. */
async function recordOnTickets(
  db: Database,
  raw: Buffer,
  headers: InboundHeaders,
  inboundMessageId: number,
  metrics: Metrics,
) {
  const letters = referencedLetters(raw);
  const reason = headers.automatic === 'bounce' ? bounceReason(raw) : undefined;
  for (const letter of letters) {
    const ticket = await findTicketByNumber(db, letter.number);
    if (!ticket) continue;
    if (reason && (await markLetterBounced(db, letter.messageId, reason))) metrics.letters.bounced.inc();
    await recordEvent(db, ticket.id, {
      key: `automatic-${inboundMessageId}`,
      kind: reason ? 'letter_bounced' : 'auto_reply_received',
      actor: headers.fromAddress ?? null,
      details: {
        letter: letter.letterKey,
        messageId: letter.messageId,
        subject: headers.subject,
        reason,
        inboundMessageId,
      },
    });
  }
}
