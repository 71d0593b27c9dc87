// The policy a new request starts under, with its sender's organisation's contract captured in it: the ticket
// keeps that contract to the end, whatever later becomes of the organisation.
import { organisationOfAddress } from '../db/organisations';
import type { StoredMessage } from '../db/inboundMessages';
import type { Database } from '../db/pool';
import { contractOf } from '../domain/organisations';
import type { TicketPolicy } from '../domain/policy';

/** The base policy with the contract of the organisation `message`'s sender belongs to (null: none). */
export async function withOrganisation(
  db: Database,
  policy: TicketPolicy,
  message: Pick<StoredMessage, 'fromAddress'>,
): Promise<TicketPolicy> {
  const organisation = message.fromAddress ? await organisationOfAddress(db, message.fromAddress) : undefined;
  return { ...policy, organisation: organisation ? contractOf(organisation, policy.calendar) : null };
}
