// One durable workflow per client request: register → triage → schedule → await completion → notify.
import {
  condition,
  defineQuery,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { TicketActivities } from '../activities';
import type { TicketPolicy } from '../domain/policy';
import type { TicketStatus } from '../domain/ticket';
import { TicketNumber, TicketStatus as TicketStatusAttribute } from './searchAttributes';

export interface TicketInput {
  inboundMessageId: number;
  policy: TicketPolicy;
}

export interface TicketState {
  number?: string;
  status: TicketStatus;
}

export const ticketStateQuery = defineQuery<TicketState>('ticketState');

const { registerTicket, sendLetter } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function ticketWorkflow(input: TicketInput): Promise<TicketState> {
  const state: TicketState = { status: 'awaiting_triage' };
  setHandler(ticketStateQuery, () => state);

  const ticket = await registerTicket({
    inboundMessageId: input.inboundMessageId,
    workflowId: workflowInfo().workflowId,
    defaultLanguage: input.policy.defaultLanguage,
  });
  state.number = ticket.number;
  upsertSearchAttributes([
    { key: TicketNumber, value: ticket.number },
    { key: TicketStatusAttribute, value: state.status },
  ]);
  await sendLetter({ ticketId: ticket.ticketId, letterKey: 'receipt', kind: 'receipt' });

  await condition(() => state.status !== 'awaiting_triage');
  return state;
}
