// Staff actions: POST /api/tickets/{number}/{action}, each a Temporal Update on the ticket's
// workflow. The workflow's validator refuses what the state does not allow (409) or what the input
// lacks (422); the answer is the updated ticket, never a silent no-op.
import { Router } from 'express';
import { QueryNotRegisteredError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { articlesNamed } from '../db/articles';
import { previewBooking } from '../db/bookings';
import { bookingMargin } from '../db/promiseCalibration';
import type { Database } from '../db/pool';
import { silentLogger, type Logger } from '../platform/logger';
import { findSpecialist } from '../db/staff';
import { findTicketByNumber } from '../db/tickets';
import { invalidInputFor, staffActions, type StaffAction } from '../domain/ticketRules';
import {
  assignPreviewQuery,
  INVALID_INPUT,
  STEP_FAILED,
  staffUpdates,
  WRONG_STATE,
  type AssignPreview,
} from '../workflows/messages';
import { currentStaff } from './auth';
import { Problem } from './problem';
import { assignPreviewQuery as assignPreviewParams } from './schemas';
import { fullTicketView } from './ticketRoutes';
import { parseOrProblem } from './validation';

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

/** What assign checks before the workflow sees it: the input, and that the specialist is on staff (422). */
async function checkAssignment(db: Database, body: Record<string, unknown>): Promise<void> {
  const invalid = invalidInputFor('assign', body);
  if (invalid) throw unprocessable(invalid);
  if (!(await findSpecialist(db, { email: String(body.specialist) }))) {
    throw unprocessable(`specialist: ${String(body.specialist)} is not on staff; see GET /api/specialists`);
  }
}

/**
 * What resolve checks of the articles it links, before the workflow sees them: each is in the knowledge base and
 * not archived (422); each counts once.
 */
async function checkLinkedArticles(db: Database, body: Record<string, unknown>): Promise<void> {
  if (!Array.isArray(body.articleIds)) return;
  const ids = [...new Set(body.articleIds as number[])];
  const found = await articlesNamed(db, ids);
  const missing = ids.find((id) => !found.some((article) => article.id === id));
  if (missing !== undefined) {
    throw unprocessable(`articleIds: there is no article ${missing}; see GET /api/articles`);
  }
  const archived = found.find((article) => article.archived);
  if (archived) {
    throw unprocessable(`articleIds: article ${archived.id} is archived; link a current one`);
  }
  body.articleIds = ids;
}

export function ticketActionRoutes(db: Database, temporal: Client, logger: Logger = silentLogger): Router {
  const router = Router();

  // The promise an assign would give now: the workflow decides the booking as the assign Update would, and the
  // scheduler books it in a transaction that is rolled back, so nothing is written and nobody is told.
  router.get('/tickets/:number/assign-preview', async (request, response) => {
    const ticket = await findTicketByNumber(db, request.params.number);
    if (!ticket) throw new Problem(404, 'Not Found', `There is no ticket ${request.params.number}.`);
    const { specialist } = parseOrProblem(assignPreviewParams, request.query);
    await checkAssignment(db, { specialist });
    const staff = currentStaff(request);
    let preview: AssignPreview;
    try {
      preview = await temporal.workflow
        .getHandle(ticket.workflowId)
        .query(assignPreviewQuery, { actor: { email: staff.email, name: staff.name }, specialist });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) {
        throw new Problem(
          409,
          'Conflict',
          `ticket ${ticket.number} is closed; a reply from the client reopens it`,
        );
      }
      if (error instanceof QueryNotRegisteredError) {
        throw new Problem(
          409,
          'Conflict',
          `ticket ${ticket.number} runs an older workflow that cannot preview`,
        );
      }
      throw error;
    }
    if (preview.refused || !preview.booking)
      throw new Problem(409, 'Conflict', preview.refused ?? 'nothing to book');
    const order = preview.booking;
    const now = new Date();
    const booked = await previewBooking(db, {
      ticketId: ticket.id,
      bookingKey: order.key,
      effortMinutes: order.effortMinutes,
      // The margin the booking itself would calibrate, so that the preview gives the date the assign will.
      margin: await bookingMargin(
        db,
        {
          ...order,
          calendar: preview.calendar,
          promiseTarget: preview.promiseTarget,
          promiseMarginShare: preview.promiseMarginShare,
        },
        now,
      ),
      calendar: preview.calendar,
      specialist: order.specialist,
      skill: order.skill,
      urgency: order.urgency,
      now,
    });
    response.json({
      ticket: ticket.number,
      specialist: booked.specialist,
      startsAt: booked.startsAt.toISOString(),
      endsAt: booked.endsAt.toISOString(),
      promisedAt: booked.endsAt.toISOString(),
      currentPromisedAt: ticket.promisedAt?.toISOString() ?? null,
      displacedTickets: booked.displaced.length,
    });
  });

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

    if (action === 'assign') await checkAssignment(db, body);
    if (action === 'resolve') await checkLinkedArticles(db, body);
    const staff = currentStaff(request);
    const update = staffUpdates[action as StaffAction];
    const log = logger.child({ ticket: ticket.number, workflowId: ticket.workflowId });
    try {
      await temporal.workflow.getHandle(ticket.workflowId).executeUpdate(update as typeof staffUpdates.take, {
        args: [{ ...body, actor: { email: staff.email, name: staff.name } }],
      });
    } catch (error) {
      const problem = problemFromUpdateFailure(error, ticket.number);
      log.info(
        { action, staff: staff.email, status: problem.status, why: problem.detail },
        'staff action refused',
      );
      throw problem;
    }
    log.info({ action, staff: staff.email }, 'staff action');
    response.json(await fullTicketView(db, (await findTicketByNumber(db, number))!));
  });

  return router;
}
