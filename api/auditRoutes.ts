// GET /api/audit: admins read who did what, newest first, a page at a time.
import { Router } from 'express';
import { z } from 'zod';
import { auditEntries } from '../db/audit';
import type { Database } from '../db/pool';
import { requireRole } from './auth';
import { parseOrProblem } from './validation';

const auditQuery = z.object({
  actor: z.email().optional(),
  ticket: z
    .string()
    .regex(/^TRC-\d{1,12}$/, 'a ticket number such as TRC-000123')
    .optional(),
  action: z
    .string()
    .regex(/^[\w:/ -]{1,200}$/, 'an action (e.g. triage, token_issued) or a route (POST /api/specialists)')
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'the nextCursor of the previous page')
    .optional(),
});

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
