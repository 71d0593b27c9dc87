// Staff actions: POST /api/tickets/{number}/{action}, each a Temporal Update on the ticket's
// workflow. The workflow's validator refuses what the state does not allow (409) or what the input
// lacks (422); the answer is the updated ticket, never a silent no-op.
import { Router } from 'express';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Database } from '../db/pool';
import { findSpecialist } from '../db/staff';
import { findTicketByNumber } from '../db/tickets';
import { invalidInputFor, staffActions, type StaffAction } from '../domain/ticketRules';
import { INVALID_INPUT, STEP_FAILED, staffUpdates, WRONG_STATE } from '../workflows/messages';
import { currentStaff } from './auth';
import { Problem } from './problem';
import { fullTicketView } from './ticketRoutes';

function unprocessable(rule: string): Problem {
  const field = rule.split(':')[0]!;
  return new Problem(422, 'Unprocessable Content', rule, { errors: [{ field, rule }] });
}

function problemFromUpdateFailure(error: unknown, number: string): Problem {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === INVALID_INPUT)
    return unprocessable(cause.message);
  if (cause instanceof ApplicationFailure && cause.type === WRONG_STATE) {
    return new Problem(409, 'Conflict', cause.message);
  }
  if (cause instanceof ApplicationFailure && cause.type === STEP_FAILED) {
    return new Problem(502, 'Bad Gateway', cause.message);
  }
  if (
    error instanceof WorkflowNotFoundError ||
    /already completed/i.test(String((error as Error)?.message))
  ) {
    return new Problem(409, 'Conflict', `ticket ${number} is closed; a reply from the client reopens it`);
  }
  throw error;
}

export function ticketActionRoutes(db: Database, temporal: Client): Router {
  const router = Router();

  router.post('/tickets/:number/:action', async (request, response) => {
    const { number, action } = request.params;
    if (!staffActions.includes(action as StaffAction)) {
      throw new Problem(404, 'Not Found', `No action "${action}"; one of ${staffActions.join(', ')}.`);
    }
    const ticket = await findTicketByNumber(db, number);
    if (!ticket) throw new Problem(404, 'Not Found', `There is no ticket ${number}.`);
    const body: Record<string, unknown> =
      request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {};
    const invalid = invalidInputFor(action as StaffAction, body);
    if (invalid) throw unprocessable(invalid);

    if (action === 'assign' && !(await findSpecialist(db, { email: String(body.specialist) }))) {
      throw unprocessable(`specialist: ${String(body.specialist)} is not on staff; see GET /api/specialists`);
    }
    const staff = currentStaff(request);
    const update = staffUpdates[action as StaffAction];
    try {
      await temporal.workflow.getHandle(ticket.workflowId).executeUpdate(update as typeof staffUpdates.take, {
        args: [{ ...body, actor: { email: staff.email, name: staff.name } }],
      });
    } catch (error) {
      throw problemFromUpdateFailure(error, ticket.number);
    }
    response.json(await fullTicketView(db, (await findTicketByNumber(db, number))!));
  });

  return router;
}
