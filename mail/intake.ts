// What every inbound channel (our SMTP listener, the IMAP poller) does with a raw message:
// store it durably, join it to its ticket or give it a workflow of its own, then hand it off.
import type { Database } from '../db/pool';
import { storeInboundMessage, type StoredMessage } from '../db/inboundMessages';
import type { Logger } from '../platform/logger';
import { handOff, type HandoffTarget } from './handoff';
import { readInboundHeaders, workflowIdFor, type InboundEnvelope } from './inboundMessage';
import { findThread } from './threading';

export interface Intake {
  /** Resolves once the message is committed to PostgreSQL; the hand-off after that may fail and is retried. */
  accept(raw: Buffer, envelope: InboundEnvelope): Promise<StoredMessage>;
}

export function createIntake(db: Database, target: HandoffTarget, logger: Logger): Intake {
  return {
    async accept(raw, envelope) {
      const headers = await readInboundHeaders(raw);
      const thread = await findThread(db, headers);
      const stored = await storeInboundMessage(db, {
        raw,
        envelope,
        headers,
        workflowId: thread?.workflowId ?? workflowIdFor(headers.messageKey),
        replyToTicketId: thread?.ticketId,
      });
      logger.info({ messageKey: headers.messageKey, id: stored.id, isNew: stored.isNew }, 'mail stored');
      try {
        await handOff(db, target, stored);
      } catch (error) {
        logger.warn({ err: error, id: stored.id }, 'hand-off failed; the sweeper will retry');
      }
      return stored;
    },
  };
}
