// Client organisations: any staff member reads them; a lead, the head of support or an admin creates and changes
// them and assigns client addresses by hand. A new contract applies to requests that arrive from then on.
import { Router } from 'express';
import type { Request } from 'express';
import {
  assignClient,
  clientsOf,
  createOrganisation,
  findOrganisation,
  listOrganisations,
  OrganisationConflict,
  unassignClient,
  updateOrganisation,
  type OrganisationRecord,
} from '../db/organisations';
import type { Database } from '../db/pool';
import type { WorkingCalendar } from '../domain/calendar';
import { calendarProblem, normaliseDomain, type WeeklyHours } from '../domain/organisations';
import { currentStaff } from './auth';
import { Problem } from './problem';
import {
  clientAssignment,
  newOrganisation,
  organisationChanges,
  organisationClientParams,
  organisationParams,
} from './schemas';
import { parseOrProblem } from './validation';

function requireManager(request: Request) {
  const actor = currentStaff(request);
  if (actor.role === 'specialist') {
    throw new Problem(
      403,
      'Forbidden',
      'Only a lead, the head of support or an admin manages organisations and their clients.',
    );
  }
  return actor;
}

export function organisationView(organisation: OrganisationRecord) {
  return {
    ...organisation,
    createdAt: organisation.createdAt.toISOString(),
    updatedAt: organisation.updatedAt.toISOString(),
  };
}

/** 422 naming the field when the zone or hours cannot be a calendar; 409 when a name or domain is taken. */
function refuseUnusable(
  contract: { timeZone: string | null; weeklyHours: WeeklyHours | null },
  desk: WorkingCalendar,
) {
  const problem = calendarProblem(contract, desk);
  if (problem) {
    throw new Problem(422, 'Unprocessable Content', `${problem.field}: ${problem.rule}`, {
      errors: [problem],
    });
  }
}

async function orConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OrganisationConflict) {
      throw new Problem(409, 'Conflict', error.message, { errors: [{ field: error.field, rule: 'taken' }] });
    }
    throw error;
  }
}

/** `desk`: the desk's calendar now, which an organisation's own hours and zone are checked against. */
export function organisationRoutes(db: Database, desk: () => Promise<WorkingCalendar>): Router {
  const router = Router();

  async function organisation(idText: string) {
    const id = Number(idText);
    const found = Number.isSafeInteger(id) ? await findOrganisation(db, id) : undefined;
    if (!found) {
      throw new Problem(404, 'Not Found', `There is no organisation ${idText}; see GET /api/organisations.`);
    }
    return found;
  }

  async function answer(id: number) {
    const found = await organisation(String(id));
    const clients = await clientsOf(db, id);
    return {
      organisation: organisationView(found),
      clients: clients.map((client) => ({
        ...client,
        lastTicketAt: client.lastTicketAt && client.lastTicketAt.toISOString(),
      })),
    };
  }

  router.get('/organisations', async (_request, response) => {
    response.json({ organisations: (await listOrganisations(db)).map(organisationView) });
  });

  router.post('/organisations', async (request, response) => {
    requireManager(request);
    const body = parseOrProblem(newOrganisation, request.body ?? {});
    const weeklyHours = body.weeklyHours as WeeklyHours | null;
    refuseUnusable({ timeZone: body.timeZone, weeklyHours }, await desk());
    const id = await orConflict(() =>
      createOrganisation(db, { ...body, weeklyHours, domains: body.domains.map(normaliseDomain) }),
    );
    response.status(201).json(await answer(id));
  });

  router.get('/organisations/:id', async (request, response) => {
    const { id } = parseOrProblem(organisationParams, request.params);
    response.json(await answer((await organisation(String(id))).id));
  });

  router.patch('/organisations/:id', async (request, response) => {
    requireManager(request);
    const current = await organisation(request.params.id);
    const changes = parseOrProblem(organisationChanges, request.body ?? {});
    const weeklyHours = changes.weeklyHours as WeeklyHours | null | undefined;
    refuseUnusable(
      {
        timeZone: changes.timeZone !== undefined ? changes.timeZone : current.timeZone,
        weeklyHours: weeklyHours !== undefined ? weeklyHours : current.weeklyHours,
      },
      await desk(),
    );
    await orConflict(() =>
      updateOrganisation(db, current.id, {
        ...changes,
        weeklyHours,
        domains: changes.domains?.map(normaliseDomain),
      }),
    );
    response.json(await answer(current.id));
  });

  router.post('/organisations/:id/clients', async (request, response) => {
    const actor = requireManager(request);
    const target = await organisation(request.params.id);
    const { address } = parseOrProblem(clientAssignment, request.body ?? {});
    const previous = await assignClient(db, target.id, address, actor.email);
    response.status(previous === target.id ? 200 : 201).json({
      address: address.toLowerCase(),
      organisation: { id: target.id, name: target.name },
      previousOrganisation: previous === target.id ? null : previous,
    });
  });

  router.delete('/organisations/:id/clients/:address', async (request, response) => {
    requireManager(request);
    const { address } = parseOrProblem(organisationClientParams, request.params);
    const target = await organisation(request.params.id);
    if (!(await unassignClient(db, target.id, address))) {
      throw new Problem(
        404,
        'Not Found',
        `${address} is not assigned to organisation ${target.id} by hand; its domain may make it a client.`,
      );
    }
    response.status(204).end();
  });

  return router;
}
