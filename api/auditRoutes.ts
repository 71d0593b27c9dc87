// GET /api/audit: admins read who did what, newest first, a page at a time.
import { Router } from 'express';
import { auditEntries } from '../db/audit';
import type { Database } from '../db/pool';
import { requireRole } from './auth';
import { auditQuery } from './schemas';
import { parseOrProblem } from './validation';

export function auditRoutes(db: Database): Router {
  const router = Router();

  router.get('/audit', async (request, response) => {
    requireRole(request, ['admin'], 'read the audit log');
    const query = parseOrProblem(auditQuery, request.query);
    const { entries, more } = await auditEntries(db, {
      actor: query.actor,
      ticket: query.ticket,
      action: query.action,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      status: query.status,
      before: query.cursor ? Number(query.cursor) : undefined,
      limit: query.limit,
    });
    response.json({
      entries: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
      nextCursor: more ? String(entries.at(-1)!.id) : null,
    });
  });

  return router;
}
