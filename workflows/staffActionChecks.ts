// The check every staff action passes, in the Update's validator and again when its turn comes: the
// pure rules of domain/ticketRules.ts, answered as the ApplicationFailure types the API maps to 422 and 409.
import { ApplicationFailure } from '@temporalio/workflow';
import { invalidInputFor, wrongStateFor, type StaffAction, type TicketFacts } from '../domain/ticketRules';
import { INVALID_INPUT, WRONG_STATE, type StaffActor } from './messages';

export function refuseIfInvalid(
  action: StaffAction,
  request: { actor?: StaffActor },
  ticket: TicketFacts,
): void {
  if (!request?.actor?.email) {
    throw ApplicationFailure.create({
      type: INVALID_INPUT,
      message: 'actor: the staff member taking the action',
    });
  }
  const invalid = invalidInputFor(action, request as unknown as Record<string, unknown>);
  if (invalid) throw ApplicationFailure.create({ type: INVALID_INPUT, message: invalid });
  const wrongState = wrongStateFor(action, ticket, request.actor.email);
  if (wrongState) throw ApplicationFailure.create({ type: WRONG_STATE, message: wrongState });
}
