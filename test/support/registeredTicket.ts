// The first decision of every ticket in the lifecycle's unit tests: ticket 1 registered with the auto-triage's guess.
import type { TicketPolicy } from '../../domain/policy';
import { decide, type Decision } from '../../domain/ticketLifecycle';
import type { AutoTriage } from '../../domain/triage';

/** What the lifecycle decides when ticket TRC-000001, received at `receivedAt`, is registered. */
export function registeredTicket(policy: TicketPolicy, receivedAt: Date, autoTriage: AutoTriage): Decision {
  return decide(
    undefined,
    {
      type: 'registered',
      ticket: { ticketId: 1, number: 'TRC-000001', receivedAt: receivedAt.toISOString(), autoTriage },
    },
    policy,
    receivedAt,
  );
}
