// The staff HTTP API (Express): health, the OpenAPI document, console sign-in and the ticket routes.
import express, { type Express } from 'express';
import type { Client } from '@temporalio/client';
import type { Database } from '../db/pool';
import { articleRoutes } from './articleRoutes';
import { auditRoutes } from './auditRoutes';
import { auditTrail } from './auditTrail';
import { requireStaff } from './auth';
import { openApiDocument } from './openapi';
import { healthRoutes, type Readiness } from './healthRoutes';
import { Problem, problemHandler } from './problem';
import type { Language } from '../domain/ticket';
import type { Calendars } from '../platform/calendars';
import { productionCalendarRoutes } from './productionCalendarRoutes';
import { ticketActionRoutes } from './actionRoutes';
import { specialistRoutes } from './specialistRoutes';
import { organisationRoutes } from './organisationRoutes';
import { ticketReadRoutes } from './ticketRoutes';
import { defaultAccessPolicy, type AccessPolicy } from '../platform/config';
import { authenticationFailureLimit, expensiveReadLimit } from './rateLimits';
import { jsonBody, refuseControlCharactersInUrl } from './requestGuards';
import { attachmentRoutes } from './attachmentRoutes';
import { reportRoutes } from './reportRoutes';
import { searchRoutes } from './searchRoutes';
import { consoleRoutes } from './consoleRoutes';
import { publicArticleRoutes } from './publicArticleRoutes';
import { sessionRoutes } from './sessionRoutes';
import type { Mailer } from '../mail/mailer';
import type { Metrics } from '../platform/metrics';
import { silentLogger, type Logger } from '../platform/logger';

export interface ApiDependencies {
  db: Database;
  temporal: Client;
  calendars: Calendars; // the support desk's working time and the specialists', for workload views
  access?: AccessPolicy; // token and session lifetimes and rate limits; the defaults when not given
  mailer: Mailer; // sign-in links
  /** Sign-in letters come from letterFrom and point at url (read when one is mailed, so it may be set after listen). */
  consoleSignIn: { letterFrom: string; url?: string };
  metrics?: Metrics; // GET /metrics, when given
  /** For /readyz; absent (tests of the API alone): ready as soon as it answers. */
  readiness?: Readiness;
  logger?: Logger;
  /** The language of public pages that have none of their own, when the browser asks for neither. */
  defaultLanguage?: Language;
}

export function createApi({
  db,
  temporal,
  calendars,
  access = defaultAccessPolicy,
  mailer,
  consoleSignIn,
  metrics,
  readiness = { draining: false, smtpTakingMail: () => true },
  logger = silentLogger,
  defaultLanguage = 'ru',
}: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(consoleRoutes({ timeZone: calendars.timeZone, supportAddress: consoleSignIn.letterFrom }));
  app.use(
    publicArticleRoutes(db, {
      timeZone: calendars.timeZone,
      supportAddress: consoleSignIn.letterFrom,
      defaultLanguage,
    }),
  );
  app.use('/api', auditTrail(db));
  app.use('/api', refuseControlCharactersInUrl);
  app.use(jsonBody());

  app.use(healthRoutes(db, temporal, readiness));

  app.get('/metrics', async (_request, response) => {
    if (!metrics) throw new Problem(404, 'Not Found', 'This process keeps no metrics.');
    response.type(metrics.contentType).send(await metrics.exposition());
  });

  app.get('/api/openapi.json', (_request, response) => {
    response.json(openApiDocument);
  });
  const guessingLimit = authenticationFailureLimit(access); // one count for sign-in and every other route
  app.use(
    '/api',
    sessionRoutes({
      db,
      mailer,
      letterFrom: consoleSignIn.letterFrom,
      consoleUrl: () => consoleSignIn.url ?? 'http://127.0.0.1',
      sessionHours: access.sessionHours,
      guessingLimit,
    }),
  );
  app.use('/api', guessingLimit, requireStaff(db));
  app.use(['/api/search', '/api/reports'], expensiveReadLimit(access));
  app.use('/api', ticketReadRoutes(db));
  app.use('/api', attachmentRoutes(db));
  app.use('/api', searchRoutes(db));
  app.use('/api', ticketActionRoutes(db, temporal, logger));
  app.use('/api', specialistRoutes(db, calendars, access));
  app.use(
    '/api',
    organisationRoutes(db, () => calendars.desk()),
  );
  app.use('/api', productionCalendarRoutes(db, calendars));
  app.use('/api', reportRoutes(db, calendars.timeZone));
  app.use(
    '/api',
    articleRoutes(db, () => consoleSignIn.url),
  );
  app.use('/api', auditRoutes(db));
  app.use('/api', (request) => {
    throw new Problem(
      404,
      'Not Found',
      `No route ${request.method} ${request.originalUrl}; see /api/openapi.json.`,
    );
  });
  app.use(problemHandler);
  return app;
}
