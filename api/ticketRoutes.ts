// Staff routes for reading tickets.
import { Router } from 'express';
import type { Database } from '../db/pool';
import { findTicketByNumber, lettersOf, listTickets, ticketHistory, type TicketRecord } from '../db/tickets';
import { queueCounts } from '../db/ticketQueues';
import { currentStaff } from './auth';
import { conversationOf } from './conversation';
import { Problem } from './problem';
import { ticketSummaryView, ticketView } from './ticketViews';
import { ticketListQuery } from './schemas';
import { parseOrProblem } from './validation';

/** A ticket as staff see it: the record, its history, its letters' delivery state and its conversation. */
export async function fullTicketView(db: Database, ticket: TicketRecord) {
  return {
    ...ticketView(ticket, await ticketHistory(db, ticket.id), await lettersOf(db, ticket.id)),
    conversation: await conversationOf(db, ticket),
  };
}

export function ticketReadRoutes(db: Database): Router {
  const router = Router();

  router.get('/tickets', async (request, response) => {
    const filter = parseOrProblem(ticketListQuery, request.query);
    const page = await listTickets(db, { ...filter, me: currentStaff(request).email });
    response.json({
      tickets: page.tickets.map(ticketSummaryView),
      total: page.total,
      limit: filter.limit,
      offset: filter.offset,
    });
  });

  router.get('/queues', async (request, response) => {
    response.json({ counts: await queueCounts(db, currentStaff(request).email) });
  });

  router.get('/tickets/:number', async (request, response) => {
    const ticket = await findTicketByNumber(db, request.params.number);
    if (!ticket) throw new Problem(404, 'Not Found', `There is no ticket ${request.params.number}.`);
    response.json(await fullTicketView(db, ticket));
  });

  return router;
}
