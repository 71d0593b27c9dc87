// Liveness and readiness for load balancers and orchestrators. /healthz: the process answers and reaches
// PostgreSQL and Temporal. /readyz: it also takes mail and is not shutting down, so traffic may be sent to it.
import { Router } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import { Problem } from './problem';

/** What the process knows of itself: filled in as it starts, and flipped when it begins to shut down. */
export interface Readiness {
  draining: boolean; // SIGTERM came: no new mail, in-flight work finishing
  smtpTakingMail(): boolean; // false until the SMTP listener is up, and once it stops taking mail
}

async function reachable(db: Database, temporal: Client) {
  const [postgres, temporalServer] = (
    await Promise.allSettled([db.query('SELECT 1'), temporal.connection.workflowService.getSystemInfo({})])
  ).map((check) => (check.status === 'fulfilled' ? 'ok' : 'unreachable'));
  return { postgres: postgres!, temporal: temporalServer! };
}

export function healthRoutes(db: Database, temporal: Client, readiness: Readiness): Router {
  const router = Router();

  router.get('/healthz', async (_request, response) => {
    const { postgres, temporal: temporalServer } = await reachable(db, temporal);
    if (postgres === 'ok' && temporalServer === 'ok') {
      response.json({ status: 'ok', postgres, temporal: temporalServer });
      return;
    }
    throw new Problem(503, 'Service Unavailable', `postgres: ${postgres}, temporal: ${temporalServer}`, {
      postgres,
      temporal: temporalServer,
    });
  });

  router.get('/readyz', async (_request, response) => {
    const checks = {
      ...(await reachable(db, temporal)),
      smtp: readiness.smtpTakingMail() ? 'ok' : 'not taking mail',
      draining: readiness.draining,
    };
    const notReady = [
      ...Object.entries(checks)
        .filter(([name, state]) => name !== 'draining' && state !== 'ok')
        .map(([name, state]) => `${name}: ${String(state)}`),
      ...(checks.draining ? ['draining: shutting down, finishing in-flight work'] : []),
    ];
    if (notReady.length === 0) {
      response.json({ status: 'ready', ...checks });
      return;
    }
    throw new Problem(503, 'Service Unavailable', `not ready: ${notReady.join('; ')}`, checks);
  });

  return router;
}
