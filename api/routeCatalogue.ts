// Every route of the staff API with what it takes and what it answers: the OpenAPI document is built from this.
import type { z } from 'zod';
import type { StaffRole } from '../db/staff';
import * as schemas from './schemas';

/** 'problem': an application/problem+json answer; 'tooManyRequests': one with Retry-After. */
export type Answer =
  'problem' | 'tooManyRequests' | { description: string; schema?: z.ZodType; contentType?: string };

export interface CatalogueRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style: /api/tickets/{number} */
  path: string;
  summary: string;
  description?: string;
  /** No token needed. */
  open?: boolean;
  /** Only these roles may call it; absent: any staff member. */
  roles?: readonly StaffRole[];
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Other media types the body may come in, each with what it holds (say, application/xml: a file). */
  otherBodies?: Record<string, string>;
  responses: Record<string, Answer>;
}

const managers: readonly StaffRole[] = ['lead', 'head', 'admin'];
const articleWriters = managers; // api/articleRoutes.ts: those who answer for what clients are told
const admins: readonly StaffRole[] = ['admin'];

const actionSummaries: Record<keyof typeof schemas.actionBodies, string> = {
  triage:
    'Assess the ticket (or re-assess a scheduled one): the effort is booked and the client gets a dated promise',
  take: 'Start work on the ticket; taking an emergency stops its escalation',
  comment: 'Add a note to the history; with toClient, also mail it to the client',
  'log-time': 'Log time spent',
  reschedule:
    'Move the promise: re-book a new effort or name the new date; the client is told the new date and the reason',
  assign: "Move (pin) the ticket to a specialist's calendar; the client is told if the date changes",
  'wait-for-client':
    'Ask the client a question; the promise clock pauses until they reply, then a new date is sent',
  refuse: 'Refuse the request; the client is told the reason',
  resolve: 'Complete the ticket; the client is told what was fixed, how, and how to prevent it recurring',
};

const actionRoutes: CatalogueRoute[] = Object.entries(schemas.actionBodies).map(([action, body]) => ({
  method: 'post',
  path: `/api/tickets/{number}/${action}`,
  summary: actionSummaries[action as keyof typeof schemas.actionBodies],
  params: schemas.ticketNumberParams,
  body,
  responses: {
    '200': { description: 'the updated ticket', schema: schemas.Ticket },
    '404': 'problem',
    '409': 'problem',
    '422': 'problem',
    '502': 'problem', // the action was recorded, but a step after it failed for good: see the ticket's failure
  },
}));

function periodOfSpecialist(path: string, summary: string, body: z.ZodType, roles?: readonly StaffRole[]) {
  return {
    method: 'post',
    path,
    summary,
    roles,
    params: schemas.specialistParams,
    body,
    responses: {
      '201': { description: 'recorded', schema: schemas.periodRecorded },
      '403': 'problem',
      '404': 'problem',
      '422': 'problem',
    },
  } satisfies CatalogueRoute;
}

export const routeCatalogue: CatalogueRoute[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: 200 when PostgreSQL and Temporal are reachable, else 503',
    open: true,
    responses: { '200': { description: 'healthy', schema: schemas.health }, '503': 'problem' },
  },
  {
    method: 'get',
    path: '/metrics',
    summary:
      "Prometheus metrics: mail, tickets, deadlines, promises, letters and the Temporal SDK's worker metrics",
    description: 'The Prometheus text format (version 0.0.4); see "Metrics" in the README for the list.',
    open: true,
    responses: { '200': { description: 'the metrics', contentType: 'text/plain' } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary:
      'Readiness: 200 when PostgreSQL, Temporal and the SMTP listener are ready and the process is not shutting down',
    description:
      'From SIGTERM on it answers 503 (draining: true) while in-flight mail, requests and activities finish. ' +
      'The 503 problem names each check that is not ready in detail, and carries postgres, temporal, smtp and draining.',
    open: true,
    responses: { '200': { description: 'ready for traffic', schema: schemas.readiness }, '503': 'problem' },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: "This document: the staff API's contract, OpenAPI 3.1",
    open: true,
    responses: { '200': { description: 'the OpenAPI document', schema: schemas.openApiDocumentShape } },
  },
  {
    method: 'post',
    path: '/api/session',
    summary:
      'Sign in to the console with a bearer token or the code of a sign-in link: sets the HttpOnly session cookie',
    description:
      'Answers Set-Cookie: triceps_session=…; HttpOnly; SameSite=Strict; Path=/; Max-Age=… (and Secure over ' +
      'https). Every change made with the cookie must carry the header X-CSRF-Token with csrfToken. A code works ' +
      'once, within 15 minutes of being mailed; an unknown, used or expired code or token answers 401.',
    open: true,
    body: schemas.signInBody,
    responses: {
      '200': { description: 'signed in', schema: schemas.ConsoleSession },
      '400': 'problem',
      '401': 'problem',
      '413': 'problem',
      '422': 'problem',
      '429': 'tooManyRequests',
    },
  },
  {
    method: 'get',
    path: '/api/session',
    summary: "The console session the cookie holds: who is signed in, the session's CSRF token, its expiry",
    open: true,
    responses: {
      '200': { description: 'signed in', schema: schemas.ConsoleSession },
      '401': 'problem',
      '429': 'tooManyRequests',
    },
  },
  {
    method: 'delete',
    path: '/api/session',
    summary: 'Sign out: the session ends and the cookie is cleared (needs X-CSRF-Token)',
    open: true,
    responses: {
      '204': { description: 'signed out' },
      '401': 'problem',
      '403': 'problem',
      '429': 'tooManyRequests',
    },
  },
  {
    method: 'post',
    path: '/api/session/link',
    summary:
      "Mail a one-time sign-in link to a staff address; answers 202 whether or not the address is a staff member's",
    description:
      'The letter links to <CONSOLE_URL>/#/sign-in/<code>. At most 5 links per address in 15 minutes are mailed; ' +
      'past that the answer is the same and no letter goes out.',
    open: true,
    body: schemas.signInLinkRequest,
    responses: {
      '202': { description: 'accepted', schema: schemas.signInLinkSent },
      '400': 'problem',
      '413': 'problem',
      '422': 'problem',
      '429': 'tooManyRequests',
    },
  },
  {
    method: 'get',
    path: '/api/tickets',
    summary: 'List tickets, newest first, or a work queue in its own order; total counts all that match',
    query: schemas.ticketListQuery,
    responses: { '200': { description: 'tickets', schema: schemas.ticketList }, '422': 'problem' },
  },
  {
    method: 'get',
    path: '/api/queues',
    summary:
      'How many tickets each work queue holds: triage, emergencies, mine, overdue, waiting for the client, all',
    responses: { '200': { description: 'the counts', schema: schemas.queueCounts } },
  },
  {
    method: 'get',
    path: '/api/tickets/{number}',
    summary:
      'One ticket with its history (letters, replies, actions) and its conversation (mail in, letters out, notes)',
    params: schemas.ticketNumberParams,
    responses: { '200': { description: 'the ticket', schema: schemas.Ticket }, '404': 'problem' },
  },
  {
    method: 'get',
    path: '/api/attachments/{id}',
    summary:
      'Download an attachment of inbound mail: always as a download (Content-Disposition: attachment), with ' +
      'X-Content-Type-Options: nosniff; HTML, SVG and XML come as application/octet-stream',
    params: schemas.attachmentParams,
    responses: {
      '200': { description: 'the stored bytes', contentType: '*/*' },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/search',
    summary:
      'Search subjects, every inbound mail, text attachments, letters, comments and resolutions: tickets ranked ' +
      'by relevance, each with a highlighted snippet of its best-matching text',
    description:
      'Words are stemmed (Russian and English), all must occur in the ticket, the last one is a prefix unless ' +
      'the query ends with a space; "quoted phrases" keep their order; ticket numbers (TRC-000123, TRC 123, ' +
      '000123), e-mail addresses and error codes (ORA-01555, 0x80070005, E1234) match exactly. A query matching ' +
      'more than 1000 tickets ranks the newest 1000 of them.',
    query: schemas.searchQuery,
    responses: {
      '200': { description: 'a page of hits, best first', schema: schemas.searchPage },
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/tickets/{number}/assign-preview',
    summary:
      "What assign would do now: the booking in the specialist's calendar and the date the client would be told, " +
      'computed as assign computes it and rolled back: nothing is written, nobody is told',
    params: schemas.ticketNumberParams,
    query: schemas.assignPreviewQuery,
    responses: {
      '200': { description: 'the booking and the promise', schema: schemas.assignPreview },
      '404': 'problem',
      '409': 'problem',
      '422': 'problem',
    },
  },
  ...actionRoutes,
  {
    method: 'get',
    path: '/api/specialists',
    summary:
      'Specialists: role, skills (root causes or product areas they handle), on-call duty, own weekly hours',
    query: schemas.teamQuery,
    responses: { '200': { description: 'specialists', schema: schemas.specialistList }, '422': 'problem' },
  },
  {
    method: 'post',
    path: '/api/specialists',
    summary: 'Add a specialist (lead, head or admin); answers the new bearer token once',
    roles: managers,
    body: schemas.NewSpecialist,
    responses: {
      '201': { description: 'the specialist and their token', schema: schemas.specialistWithToken },
      '403': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'patch',
    path: '/api/specialists/{id}',
    summary:
      "Change a specialist's name, role, skills, on-call duty, weekly hours (null: the company's) or region " +
      "(its holidays are their days off; null: the desk's calendar only)",
    roles: managers,
    params: schemas.specialistParams,
    body: schemas.SpecialistChanges,
    responses: {
      '200': { description: 'the specialist', schema: schemas.specialistAnswer },
      '403': 'problem',
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/specialists/{id}/calendar',
    summary:
      "A specialist's workload for a range (default: the next 7 days): bookings, time off, free working time",
    params: schemas.specialistParams,
    query: schemas.range,
    responses: {
      '200': { description: 'the workload, ready for a chart', schema: schemas.specialistCalendar },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/calendar',
    summary: "The team's workload for a range (default: the next 7 days): each specialist's calendar",
    query: schemas.teamQuery.and(schemas.range),
    responses: {
      '200': { description: 'one calendar per specialist', schema: schemas.teamCalendar },
      '422': 'problem',
    },
  },
  periodOfSpecialist(
    '/api/specialists/{id}/time-off',
    'Record time off (the specialist themself, or a lead/head/admin); the scheduler books around it',
    schemas.timeOffBody,
  ),
  periodOfSpecialist(
    '/api/specialists/{id}/on-call',
    'Put a specialist on the on-call rota for a shift (lead, head or admin); emergencies page them then',
    schemas.shiftBody,
    managers,
  ),
  {
    method: 'post',
    path: '/api/specialists/{id}/token',
    summary:
      "Rotate a specialist's token (admin): a new one, answered this once; the old one stops working at once",
    roles: admins,
    params: schemas.specialistParams,
    responses: {
      '201': { description: 'the new token', schema: schemas.newToken },
      '403': 'problem',
      '404': 'problem',
    },
  },
  {
    method: 'delete',
    path: '/api/specialists/{id}/token',
    summary: "Revoke a specialist's tokens (admin): none works from the next request on",
    roles: admins,
    params: schemas.specialistParams,
    responses: {
      '200': { description: 'how many tokens were revoked', schema: schemas.revokedTokens },
      '403': 'problem',
      '404': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/specialists/{id}/tokens',
    summary:
      "A specialist's tokens, newest first (admin): issued, expiry, revocation, last use (to the minute)",
    roles: admins,
    params: schemas.specialistParams,
    responses: {
      '200': { description: 'the tokens, never their values', schema: schemas.tokenList },
      '403': 'problem',
      '404': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/organisations',
    summary:
      'Client organisations: contract (own time zone and hours, voice support, priority), domains, clients',
    responses: { '200': { description: 'the organisations, by name', schema: schemas.organisationList } },
  },
  {
    method: 'post',
    path: '/api/organisations',
    summary:
      'Add an organisation (lead, head, admin): name, domains, own time zone and weekly hours, voice support, ' +
      'priority; requests arriving from then on capture its contract',
    roles: managers,
    body: schemas.newOrganisation,
    responses: {
      '201': { description: 'the organisation and its clients', schema: schemas.organisationAnswer },
      '403': 'problem',
      '409': 'problem', // the name or a domain is another organisation's
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/organisations/{id}',
    summary: 'One organisation with its clients: addresses assigned by hand or that wrote under it',
    params: schemas.organisationParams,
    responses: {
      '200': { description: 'the organisation and its clients', schema: schemas.organisationAnswer },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'patch',
    path: '/api/organisations/{id}',
    summary:
      "Change an organisation's name, domains or contract (lead, head, admin); running tickets keep the " +
      'contract they started with',
    roles: managers,
    params: schemas.organisationParams,
    body: schemas.organisationChanges,
    responses: {
      '200': { description: 'the organisation and its clients', schema: schemas.organisationAnswer },
      '403': 'problem',
      '404': 'problem',
      '409': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'post',
    path: '/api/organisations/{id}/clients',
    summary:
      "Assign a client's address to the organisation by hand (lead, head, admin): it beats any domain, and moves " +
      'the address from another organisation it was assigned to',
    roles: managers,
    params: schemas.organisationParams,
    body: schemas.clientAssignment,
    responses: {
      '200': { description: 'already assigned there', schema: schemas.clientAssigned },
      '201': { description: 'assigned', schema: schemas.clientAssigned },
      '403': 'problem',
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'delete',
    path: '/api/organisations/{id}/clients/{address}',
    summary: "End an address's hand assignment (lead, head, admin): its domain decides again",
    roles: managers,
    params: schemas.organisationClientParams,
    responses: { '204': { description: 'unassigned' }, '403': 'problem', '404': 'problem', '422': 'problem' },
  },
  {
    method: 'get',
    path: '/api/audit',
    summary:
      'The audit log, newest first (admin): staff changes, token issues and revocations, failed authentications',
    roles: admins,
    query: schemas.auditQuery,
    responses: {
      '200': { description: 'a page of entries', schema: schemas.auditPage },
      '403': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/on-call',
    summary: 'Who is on call now, and the rota for a range (default: the next 7 days)',
    query: schemas.range,
    responses: { '200': { description: 'the rota', schema: schemas.rota }, '422': 'problem' },
  },
  {
    method: 'get',
    path: '/api/production-calendar',
    summary:
      'Which production calendar years are loaded, per country and region, and how long they last: a warning ' +
      '60 days before they run out (from 2 November of the last loaded year)',
    responses: {
      '200': { description: 'loaded years and warnings', schema: schemas.productionCalendarOverview },
    },
  },
  {
    method: 'get',
    path: '/api/production-calendar/{region}/{year}',
    summary: 'The days of a loaded year that differ from the plain working week, with who set each',
    params: schemas.calendarYearParams,
    responses: {
      '200': { description: 'the year', schema: schemas.productionYear },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'put',
    path: '/api/production-calendar/{region}/{year}',
    summary:
      'Load a year (admin), replacing it whole: an XML production calendar file (xmlcalendar.ru format) or ' +
      'JSON days; new tickets use it at once, running tickets keep the calendar they started with',
    description:
      'Refused whole (422) when anything in it is wrong, naming each line and field; the audit log keeps what ' +
      'changed, date by date.',
    roles: admins,
    params: schemas.calendarYearParams,
    body: schemas.ProductionYearBody,
    otherBodies: {
      'application/xml':
        '<calendar year="2027" country="ru"><holidays><holiday id="1" title="…"/></holidays><days>' +
        '<day d="01.01" t="1" h="1"/>…</days></calendar>: t 1 a day off (h: its holiday, f: the date it was ' +
        'moved from), 2 a shortened working day, 3 a worked Saturday or Sunday. UTF-8, or the encoding its ' +
        'declaration names (windows-1251). No DOCTYPE or entities.',
      'text/xml': 'the same as application/xml',
    },
    responses: {
      '200': { description: 'the year as loaded, and what changed', schema: schemas.productionYearLoaded },
      '403': 'problem',
      '415': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'delete',
    path: '/api/production-calendar/{region}/{year}',
    summary: 'Unload a year (admin): its dates become ordinary days of the week',
    roles: admins,
    params: schemas.calendarYearParams,
    responses: {
      '200': { description: 'unloaded', schema: schemas.productionYearRemoved },
      '403': 'problem',
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'put',
    path: '/api/production-calendar/{region}/days/{date}',
    summary: 'Correct one day of a loaded year (admin); new tickets use it at once',
    roles: admins,
    params: schemas.calendarDayParams,
    body: schemas.ProductionDayBody,
    responses: {
      '200': { description: 'the day before and after', schema: schemas.productionDayChanged },
      '403': 'problem',
      '409': 'problem', // its year is not loaded
      '422': 'problem',
    },
  },
  {
    method: 'delete',
    path: '/api/production-calendar/{region}/days/{date}',
    summary: 'Make a date an ordinary day of the week again (admin)',
    roles: admins,
    params: schemas.calendarDayParams,
    responses: {
      '200': { description: 'the day before', schema: schemas.productionDayChanged },
      '403': 'problem',
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/reports/promise-accuracy',
    summary:
      'How accurate promises were for tickets resolved in [from, to): on-time share, median and p90 lateness',
    query: schemas.promiseAccuracyQuery,
    responses: {
      '200': { description: 'one row per group', schema: schemas.promiseAccuracyReport },
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/reports/acknowledgement',
    summary:
      'Tickets received in [from, to) (default: the last 12 weeks): how many clients got their dated promise or ' +
      'refusal by the acknowledgement deadline, overall and per calendar week or month (support time zone)',
    query: schemas.reportRange.and(schemas.acknowledgementReportQuery),
    responses: {
      '200': { description: 'met, missed, pending and the share met', schema: schemas.acknowledgementReport },
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/reports/tickets',
    summary:
      'Tickets received in [from, to) (default: the last 12 weeks) by urgency, by the root cause a specialist ' +
      'assessed (null: not assessed), and both',
    query: schemas.reportRange,
    responses: { '200': { description: 'the counts', schema: schemas.ticketMixReport }, '422': 'problem' },
  },
  {
    method: 'get',
    path: '/api/reports/effort',
    summary:
      'Minutes logged (log-time) in [from, to) (default: the last 12 weeks) and on how many tickets, by who ' +
      'logged them, by root cause, by week (Monday, support time zone), by channel (email, or voice when a ' +
      'callback was booked) or by organisation',
    query: schemas.reportRange.and(schemas.effortReportQuery),
    responses: { '200': { description: 'one row per key', schema: schemas.effortReport }, '422': 'problem' },
  },
  {
    method: 'get',
    path: '/api/reports/emergencies',
    summary:
      'Emergencies per 100 active clients, for each calendar month that [from, to) touches (default: the last ' +
      '12 weeks), counted in full; active clients: distinct client addresses with a ticket received in the 12 ' +
      'calendar months ending with that month; with by=organisation, also per organisation',
    query: schemas.reportRange.and(schemas.emergencyReportQuery),
    responses: {
      '200': { description: 'one row per month', schema: schemas.emergencyReport },
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/reports/articles',
    summary:
      'Knowledge-base articles in [from, to) (default: the last 12 weeks): how often each was suggested by a ' +
      'receipt, how many tickets it solved (linked at resolve), and how many of those it had been suggested to',
    query: schemas.reportRange,
    responses: {
      '200': { description: 'the totals and one row per article used', schema: schemas.articleReport },
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/articles',
    summary:
      'Knowledge-base articles, the most recently changed first, with how often each was suggested and solved ' +
      'a ticket; total counts all that match',
    query: schemas.articleListQuery,
    responses: { '200': { description: 'articles', schema: schemas.articleList }, '422': 'problem' },
  },
  {
    method: 'post',
    path: '/api/articles',
    summary:
      'Write an article (lead, head or admin): title, Markdown body, language, tags, root cause, product area; ' +
      'answers it with its id and public url (revision 1)',
    roles: articleWriters,
    body: schemas.NewArticle,
    responses: {
      '201': { description: 'the article', schema: schemas.Article },
      '403': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/articles/{id}',
    summary: 'One article: its Markdown, the HTML its public page shows, its use',
    params: schemas.articleParams,
    responses: {
      '200': { description: 'the article', schema: schemas.Article },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'patch',
    path: '/api/articles/{id}',
    summary:
      'Change an article (lead, head or admin), or archive it: a new revision, the old ones kept; with ' +
      'revision, 409 when someone saved another since',
    roles: articleWriters,
    params: schemas.articleParams,
    body: schemas.ArticleChanges,
    responses: {
      '200': { description: 'the article (unchanged when nothing differs)', schema: schemas.Article },
      '403': 'problem',
      '404': 'problem',
      '409': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/api/articles/{id}/revisions',
    summary: "An article's revisions, newest first: who saved each, when, and its content then",
    params: schemas.articleParams,
    responses: {
      '200': { description: 'the revisions', schema: schemas.articleRevisions },
      '404': 'problem',
      '422': 'problem',
    },
  },
  {
    method: 'get',
    path: '/kb',
    summary:
      "The public knowledge base: the list of a language's articles (default: the browser's, else ours)",
    open: true,
    query: schemas.publicArticleQuery,
    responses: { '200': { description: 'an HTML page', contentType: 'text/html' } },
  },
  {
    method: 'get',
    path: '/kb/{id}',
    summary:
      "An article's public page, read without a token: HTML in the article's language (lang), no scripts " +
      '(Content-Security-Policy); an archived one says it may be out of date',
    open: true,
    params: schemas.articleParams,
    responses: {
      '200': { description: 'the article as an HTML page', contentType: 'text/html' },
      '404': { description: 'no such article: an HTML page saying so', contentType: 'text/html' },
    },
  },
  {
    method: 'get',
    path: '/api/reports/voice',
    summary:
      'Tickets received in [from, to) (default: the last 12 weeks) whose client asked for a call: callbacks ' +
      'booked (voice support bought), requests answered that voice support is paid, and the voice effort ' +
      'booked, overall and by organisation',
    query: schemas.reportRange,
    responses: { '200': { description: 'the counts', schema: schemas.voiceReport }, '422': 'problem' },
  },
];
