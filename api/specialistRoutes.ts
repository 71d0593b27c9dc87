// Specialists, their workload calendars and time off, and the accuracy of our promises.
import { Router } from 'express';
import type { Database } from '../db/pool';
import { promiseAccuracy } from '../db/promiseAccuracy';
import {
  addOnCallShift,
  addStaffMember,
  findSpecialist,
  listStaff,
  onCallAddresses,
  onCallShifts,
  updateStaffMember,
} from '../db/staff';
import { revokeTokens, rotateToken, tokensOf } from '../db/staffTokens';
import { addTimeOff, workloadOf } from '../db/workload';
import { calendarDays } from '../domain/calendar';
import type { Calendars } from '../platform/calendars';
import { defaultAccessPolicy, type AccessPolicy } from '../platform/config';
import { auditContextOf } from './auditTrail';
import { currentStaff, requireRole } from './auth';
import { Problem } from './problem';
import {
  NewSpecialist as newSpecialist,
  promiseAccuracyQuery,
  range,
  shiftBody,
  SpecialistChanges as specialistChanges,
  teamQuery,
  timeOffBody,
} from './schemas';
import { parseOrProblem } from './validation';

const iso = (at: Date) => at.toISOString();

function requireManager(request: Parameters<typeof currentStaff>[0]) {
  const actor = currentStaff(request);
  if (actor.role === 'specialist') {
    throw new Problem(403, 'Forbidden', 'Only a lead, the head of support or an admin manages specialists.');
  }
  return actor;
}

export function specialistRoutes(
  db: Database,
  calendars: Calendars,
  access: AccessPolicy = defaultAccessPolicy,
): Router {
  const router = Router();

  async function specialist(idText: string) {
    const id = Number(idText);
    const member = Number.isSafeInteger(id) ? await findSpecialist(db, { id }) : undefined;
    if (!member)
      throw new Problem(404, 'Not Found', `There is no specialist ${idText}; see GET /api/specialists.`);
    return member;
  }

  router.get('/specialists', async (request, response) => {
    const { team } = parseOrProblem(teamQuery, request.query);
    response.json({ specialists: await listStaff(db, team) });
  });

  router.post('/specialists/:id/on-call', async (request, response) => {
    requireManager(request);
    const member = await specialist(request.params.id);
    const body = parseOrProblem(shiftBody, request.body ?? {});
    await addOnCallShift(db, member.id, new Date(body.startsAt), new Date(body.endsAt));
    response.status(201).json({ specialist: member.email, startsAt: body.startsAt, endsAt: body.endsAt });
  });

  router.get('/on-call', async (request, response) => {
    const { from, to } = parseOrProblem(range, request.query);
    const shifts = await onCallShifts(db, from, to);
    response.json({
      from: iso(from),
      to: iso(to),
      now: await onCallAddresses(db),
      shifts: shifts.map((shift) => ({ ...shift, startsAt: iso(shift.startsAt), endsAt: iso(shift.endsAt) })),
    });
  });

  router.post('/specialists', async (request, response) => {
    requireManager(request);
    const body = parseOrProblem(newSpecialist, request.body ?? {});
    const { member, token } = await addStaffMember(
      db,
      { ...body, tokenDays: access.tokenDays },
      auditContextOf(request),
    );
    await updateStaffMember(db, member.id, {
      onCall: body.onCall,
      weeklyHours: body.weeklyHours,
      team: body.team,
      region: body.region,
    });
    response.status(201).json({ specialist: await specialist(String(member.id)), token });
  });

  router.patch('/specialists/:id', async (request, response) => {
    requireManager(request);
    const member = await specialist(request.params.id);
    await updateStaffMember(db, member.id, parseOrProblem(specialistChanges, request.body ?? {}));
    response.json({ specialist: await specialist(request.params.id) });
  });

  router.get('/specialists/:id/tokens', async (request, response) => {
    requireRole(request, ['admin'], "see a specialist's tokens");
    const member = await specialist(request.params.id);
    const tokens = await tokensOf(db, member.id);
    response.json({
      specialist: member.email,
      tokens: tokens.map((token) => ({
        id: token.id,
        createdAt: iso(token.createdAt),
        expiresAt: iso(token.expiresAt),
        revokedAt: token.revokedAt && iso(token.revokedAt),
        lastUsedAt: token.lastUsedAt && iso(token.lastUsedAt),
      })),
    });
  });

  router.post('/specialists/:id/token', async (request, response) => {
    requireRole(request, ['admin'], 'rotate tokens');
    const member = await specialist(request.params.id);
    const issued = await rotateToken(db, member, access.tokenDays, auditContextOf(request));
    response
      .status(201)
      .json({ specialist: member.email, token: issued.token, expiresAt: iso(issued.expiresAt) });
  });

  router.delete('/specialists/:id/token', async (request, response) => {
    requireRole(request, ['admin'], 'revoke tokens');
    const member = await specialist(request.params.id);
    const revoked = await revokeTokens(db, member, auditContextOf(request));
    response.json({ specialist: member.email, revoked });
  });

  async function calendarView(member: Awaited<ReturnType<typeof specialist>>, from: Date, to: Date) {
    const own = await calendars.forRegion(await calendars.desk(), member.region);
    const workload = await workloadOf(db, member.id, own, from, to);
    return {
      specialist: member,
      bookings: workload.bookings.map((booking) => ({
        ...booking,
        startsAt: iso(booking.startsAt),
        endsAt: iso(booking.endsAt),
      })),
      timeOff: workload.timeOff.map((absence) => ({
        ...absence,
        startsAt: iso(absence.startsAt),
        endsAt: iso(absence.endsAt),
      })),
      free: workload.free.map((period) => ({ startsAt: iso(period.startsAt), endsAt: iso(period.endsAt) })),
    };
  }

  router.get('/specialists/:id/calendar', async (request, response) => {
    const member = await specialist(request.params.id);
    const { from, to } = parseOrProblem(range, request.query);
    const own = await calendars.forRegion(await calendars.desk(), member.region);
    response.json({
      from: iso(from),
      to: iso(to),
      timeZone: own.timeZone,
      days: calendarDays(own, from, to), // with their region's holidays
      ...(await calendarView(member, from, to)),
    });
  });

  router.get('/calendar', async (request, response) => {
    const { from, to } = parseOrProblem(range, request.query);
    const { team } = parseOrProblem(teamQuery, request.query);
    const members = await Promise.all(
      (await listStaff(db, team)).map((member) => calendarView(member, from, to)),
    );
    const desk = await calendars.desk();
    response.json({
      from: iso(from),
      to: iso(to),
      timeZone: desk.timeZone,
      team: team ?? null,
      days: calendarDays(desk, from, to),
      specialists: members,
    });
  });

  router.post('/specialists/:id/time-off', async (request, response) => {
    const actor = currentStaff(request);
    const member = await specialist(request.params.id);
    if (actor.role === 'specialist' && actor.id !== member.id) {
      throw new Problem(403, 'Forbidden', "Only a lead or an admin records another specialist's time off.");
    }
    const body = parseOrProblem(timeOffBody, request.body ?? {});
    await addTimeOff(db, member.id, new Date(body.startsAt), new Date(body.endsAt), body.reason);
    response.status(201).json({
      specialist: member.email,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
      reason: body.reason ?? null,
    });
  });

  router.get('/reports/promise-accuracy', async (request, response) => {
    const query = parseOrProblem(promiseAccuracyQuery, request.query);
    const rows = await promiseAccuracy(db, new Date(query.from), new Date(query.to), query.by);
    response.json({ from: query.from, to: query.to, by: query.by, rows });
  });

  return router;
}
