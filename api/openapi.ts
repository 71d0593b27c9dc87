// The OpenAPI document served at /api/openapi.json: the staff API's contract.
const problem = { $ref: '#/components/responses/Problem' };
const ticketNumber = {
  name: 'number',
  in: 'path',
  required: true,
  schema: { type: 'string', example: 'TRC-000123' },
};

function action(summary: string, body: { required?: string[]; properties: Record<string, unknown> }) {
  return {
    post: {
      summary,
      parameters: [ticketNumber],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { type: 'object', ...body } } },
      },
      responses: {
        '200': {
          description: 'the updated ticket',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ticket' } } },
        },
        '401': problem,
        '404': problem,
        '409': problem,
        '422': problem,
        '502': problem, // the action was recorded, but a step after it failed for good: see the ticket's failure
      },
    },
  };
}

const specialistId = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

/**
 * What any route under /api may answer besides its own: 401 without a live token, 429 after too many failed
 * authentications from the caller's address (and, on search and reports, too many requests with one token);
 * with a body, 400 for JSON that is malformed, not UTF-8, nested deeper than 20 or holding NUL, and 413 over 1 MB.
 */
function withAccessAnswers<Paths extends Record<string, object>>(paths: Paths): Paths {
  for (const [route, operations] of Object.entries(paths)) {
    if (!route.startsWith('/api/')) continue;
    for (const operation of Object.values(operations) as {
      requestBody?: unknown;
      responses: Record<string, unknown>;
    }[]) {
      operation.responses['401'] ??= problem;
      operation.responses['429'] ??= { $ref: '#/components/responses/TooManyRequests' };
      if (operation.requestBody) {
        operation.responses['400'] ??= problem;
        operation.responses['413'] ??= { $ref: '#/components/responses/ContentTooLarge' };
      }
    }
  }
  return paths;
}

/** A POST that records a period [startsAt, endsAt) for one specialist: time off, an on-call shift. */
function periodOfSpecialist(summary: string, extraProperties: Record<string, unknown> = {}) {
  return {
    post: {
      summary,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['startsAt', 'endsAt'],
              properties: {
                startsAt: { type: 'string', format: 'date-time' },
                endsAt: { type: 'string', format: 'date-time' },
                ...extraProperties,
              },
            },
          },
        },
      },
      responses: {
        '201': { description: 'recorded' },
        '401': problem,
        '403': problem,
        '404': problem,
        '422': problem,
      },
    },
  };
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Triceps Support staff API',
    version: '0.1.0',
    description:
      'Staff read and act on support tickets. Every route under /api except this document needs ' +
      '"Authorization: Bearer <token>" (tokens come from `npm run staff -- add`; they expire, and admins rotate ' +
      'and revoke them). Errors are application/problem+json. Every change is in the audit log.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: withAccessAnswers({
    '/healthz': {
      get: {
        summary: 'Liveness: 200 when PostgreSQL and Temporal are reachable, else 503',
        security: [],
        responses: { '200': { description: 'healthy' }, '503': problem },
      },
    },
    '/api/tickets': {
      get: {
        summary: 'List tickets, newest first',
        parameters: [
          { name: 'status', in: 'query', schema: { $ref: '#/components/schemas/TicketStatus' } },
          { name: 'urgency', in: 'query', schema: { $ref: '#/components/schemas/Urgency' } },
          { name: 'assignee', in: 'query', schema: { type: 'string', format: 'email' } },
          { name: 'client', in: 'query', schema: { type: 'string', format: 'email' } },
          {
            name: 'q',
            in: 'query',
            description:
              'words anywhere in the ticket: subject, mail, text attachments, letters, staff notes (as GET /api/search)',
            schema: { type: 'string' },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'offset', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 } },
        ],
        responses: {
          '200': {
            description: 'tickets',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    tickets: { type: 'array', items: { $ref: '#/components/schemas/TicketSummary' } },
                  },
                },
              },
            },
          },
          '401': problem,
          '422': problem,
        },
      },
    },
    '/api/tickets/{number}': {
      get: {
        summary:
          'One ticket with its history (letters, replies, actions) and its conversation (mail in, letters out, notes)',
        parameters: [ticketNumber],
        responses: {
          '200': {
            description: 'the ticket',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Ticket' } } },
          },
          '401': problem,
          '404': problem,
        },
      },
    },
    '/api/attachments/{id}': {
      get: {
        summary:
          'Download an attachment of inbound mail: always as a download (Content-Disposition: attachment), with ' +
          'X-Content-Type-Options: nosniff; HTML, SVG and XML come as application/octet-stream',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': {
            description: 'the stored bytes',
            content: { '*/*': { schema: { type: 'string', format: 'binary' } } },
          },
          '404': problem,
          '422': problem,
        },
      },
    },
    '/api/search': {
      get: {
        summary:
          'Search subjects, every inbound mail, text attachments, letters, comments and resolutions: tickets ranked ' +
          'by relevance, each with a highlighted snippet of its best-matching text',
        description:
          'Words are stemmed (Russian and English), all must occur in the ticket, the last one is a prefix unless ' +
          'the query ends with a space; "quoted phrases" keep their order; ticket numbers (TRC-000123, TRC 123, ' +
          '000123), e-mail addresses and error codes (ORA-01555, 0x80070005, E1234) match exactly. A query matching ' +
          'more than 1000 tickets ranks the newest 1000 of them.',
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 500 },
          },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'a page of hits, best first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    q: { type: 'string' },
                    hits: { type: 'array', items: { $ref: '#/components/schemas/SearchHit' } },
                    nextCursor: { type: ['string', 'null'], description: 'null on the last page' },
                  },
                },
              },
            },
          },
          '422': problem,
        },
      },
    },
    '/api/tickets/{number}/triage': action(
      'Assess the ticket (or re-assess a scheduled one): the effort is booked and the client gets a dated promise',
      {
        required: ['urgency', 'rootCause', 'estimateMinutes'],
        properties: {
          urgency: { $ref: '#/components/schemas/Urgency' },
          rootCause: { $ref: '#/components/schemas/RootCause' },
          estimateMinutes: { type: 'integer', minimum: 1 },
          phoneRequested: { type: 'boolean' },
        },
      },
    ),
    '/api/tickets/{number}/take': action(
      'Start work on the ticket; taking an emergency stops its escalation',
      {
        properties: {},
      },
    ),
    '/api/tickets/{number}/comment': action(
      'Add a note to the history; with toClient, also mail it to the client',
      {
        required: ['text'],
        properties: { text: { type: 'string' }, toClient: { type: 'boolean', default: false } },
      },
    ),
    '/api/tickets/{number}/log-time': action('Log time spent', {
      required: ['minutes'],
      properties: { minutes: { type: 'integer', minimum: 1 }, note: { type: 'string' } },
    }),
    '/api/tickets/{number}/reschedule': action(
      'Move the promise: re-book a new effort or name the new date; the client is told the new date and the reason',
      {
        required: ['reason'],
        properties: {
          reason: { type: 'string' },
          estimateMinutes: { type: 'integer', minimum: 1 },
          promisedAt: { type: 'string', format: 'date-time' },
        },
      },
    ),
    '/api/tickets/{number}/assign': action(
      "Move (pin) the ticket to a specialist's calendar; the client is told if the date changes",
      { required: ['specialist'], properties: { specialist: { type: 'string', format: 'email' } } },
    ),
    '/api/tickets/{number}/wait-for-client': action(
      'Ask the client a question; the promise clock pauses until they reply, then a new date is sent',
      { required: ['question'], properties: { question: { type: 'string' } } },
    ),
    '/api/tickets/{number}/refuse': action('Refuse the request; the client is told the reason', {
      required: ['reason'],
      properties: { reason: { type: 'string' } },
    }),
    '/api/tickets/{number}/resolve': action(
      'Complete the ticket; the client is told what was fixed, how, and how to prevent it recurring',
      {
        required: ['whatWasFixed', 'how', 'prevention'],
        properties: {
          whatWasFixed: { type: 'string' },
          how: { type: 'string' },
          prevention: { type: 'string' },
        },
      },
    ),
    '/api/specialists': {
      get: {
        summary:
          'Specialists: role, skills (root causes or product areas they handle), on-call duty, own weekly hours',
        responses: { '200': { description: 'specialists' }, '401': problem },
      },
      post: {
        summary: 'Add a specialist (lead, head or admin); answers the new bearer token once',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/NewSpecialist' } } },
        },
        responses: {
          '201': { description: 'the specialist and their token' },
          '401': problem,
          '403': problem,
          '422': problem,
        },
      },
    },
    '/api/specialists/{id}': {
      patch: {
        summary:
          "Change a specialist's name, role, skills, on-call duty or weekly hours (null: the company's)",
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/SpecialistChanges' } } },
        },
        responses: {
          '200': { description: 'the specialist' },
          '401': problem,
          '403': problem,
          '404': problem,
          '422': problem,
        },
      },
    },
    '/api/specialists/{id}/calendar': {
      get: {
        summary:
          "A specialist's workload for a range (default: the next 7 days): bookings, time off, free working time",
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'integer' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: {
          '200': { description: 'the workload, ready for a chart' },
          '401': problem,
          '404': problem,
          '422': problem,
        },
      },
    },
    '/api/calendar': {
      get: {
        summary: "The team's workload for a range (default: the next 7 days): each specialist's calendar",
        parameters: [
          { name: 'team', in: 'query', description: 'only this team', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': { description: 'one calendar per specialist' }, '401': problem, '422': problem },
      },
    },
    '/api/specialists/{id}/time-off': periodOfSpecialist(
      'Record time off (the specialist themself, or a lead/head/admin); the scheduler books around it',
      { reason: { type: 'string' } },
    ),
    '/api/specialists/{id}/on-call': periodOfSpecialist(
      'Put a specialist on the on-call rota for a shift (lead, head or admin); emergencies page them then',
    ),
    '/api/specialists/{id}/token': {
      post: {
        summary:
          "Rotate a specialist's token (admin): a new one, answered this once; the old one stops working at once",
        parameters: [specialistId],
        responses: {
          '201': {
            description: 'the new token',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    specialist: { type: 'string', format: 'email' },
                    token: { type: 'string' },
                    expiresAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          '403': problem,
          '404': problem,
        },
      },
      delete: {
        summary: "Revoke a specialist's tokens (admin): none works from the next request on",
        parameters: [specialistId],
        responses: {
          '200': {
            description: 'how many tokens were revoked',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { specialist: { type: 'string' }, revoked: { type: 'integer' } },
                },
              },
            },
          },
          '403': problem,
          '404': problem,
        },
      },
    },
    '/api/specialists/{id}/tokens': {
      get: {
        summary:
          "A specialist's tokens, newest first (admin): issued, expiry, revocation, last use (to the minute)",
        parameters: [specialistId],
        responses: {
          '200': { description: 'the tokens, never their values' },
          '403': problem,
          '404': problem,
        },
      },
    },
    '/api/audit': {
      get: {
        summary:
          'The audit log, newest first (admin): staff changes, token issues and revocations, failed authentications',
        parameters: [
          { name: 'actor', in: 'query', schema: { type: 'string', format: 'email' } },
          { name: 'ticket', in: 'query', schema: { type: 'string', example: 'TRC-000123' } },
          {
            name: 'action',
            in: 'query',
            description: 'an action (triage, token_issued, authentication_failed, …) or a route pattern',
            schema: { type: 'string', example: 'PATCH /api/specialists/:id' },
          },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'status', in: 'query', schema: { type: 'integer' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
        ],
        responses: {
          '200': {
            description: 'a page of entries',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    entries: { type: 'array', items: { $ref: '#/components/schemas/AuditEntry' } },
                    nextCursor: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
          '403': problem,
          '422': problem,
        },
      },
    },
    '/api/on-call': {
      get: {
        summary: 'Who is on call now, and the rota for a range (default: the next 7 days)',
        parameters: [
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' } },
        ],
        responses: { '200': { description: 'the rota' }, '401': problem, '422': problem },
      },
    },
    '/api/reports/promise-accuracy': {
      get: {
        summary:
          'How accurate promises were for tickets resolved in [from, to): on-time share, median and p90 lateness',
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date-time' } },
          {
            name: 'by',
            in: 'query',
            schema: { type: 'string', enum: ['all', 'specialist', 'rootCause'], default: 'all' },
          },
        ],
        responses: { '200': { description: 'one row per group' }, '401': problem, '422': problem },
      },
    },
  }),
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    responses: {
      Problem: {
        description: 'an error, RFC 9457',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
      TooManyRequests: {
        description:
          'rate-limited: too many failed authentications from this address, or searches/reports with this token',
        headers: {
          'Retry-After': { description: 'seconds until it is allowed again', schema: { type: 'integer' } },
        },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
      ContentTooLarge: {
        description: 'the body is over 1 MB',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    schemas: {
      AuditEntry: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          actor: { type: ['string', 'null'], format: 'email', description: 'null: nobody recognised' },
          action: { type: 'string' },
          method: { type: ['string', 'null'] },
          route: { type: ['string', 'null'] },
          ticket: { type: ['string', 'null'] },
          changes: { description: 'the request body, secrets replaced by "[redacted]"' },
          status: { type: ['integer', 'null'] },
          remoteAddress: { type: ['string', 'null'] },
          userAgent: { type: ['string', 'null'] },
        },
      },
      NewSpecialist: {
        type: 'object',
        required: ['email', 'name'],
        properties: {
          email: { type: 'string', format: 'email' },
          name: { type: 'string' },
          role: { type: 'string', enum: ['specialist', 'lead', 'head', 'admin'], default: 'specialist' },
          skills: { type: 'array', items: { type: 'string' } },
          onCall: { type: 'boolean', default: false },
          weeklyHours: { $ref: '#/components/schemas/WeeklyHours' },
          team: { type: 'string' },
        },
      },
      SpecialistChanges: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          role: { type: 'string', enum: ['specialist', 'lead', 'head', 'admin'] },
          skills: { type: 'array', items: { type: 'string' } },
          onCall: { type: 'boolean' },
          weeklyHours: { $ref: '#/components/schemas/WeeklyHours' },
          team: { type: ['string', 'null'] },
        },
      },
      WeeklyHours: {
        type: ['object', 'null'],
        description:
          'ISO weekday (1 = Monday) to working intervals, e.g. {"1": [{"start": "10:00", "end": "19:00"}]}',
        additionalProperties: {
          type: 'array',
          items: { type: 'object', properties: { start: { type: 'string' }, end: { type: 'string' } } },
        },
      },
      Problem: {
        type: 'object',
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: { type: 'object', properties: { field: { type: 'string' }, rule: { type: 'string' } } },
          },
        },
      },
      TicketStatus: {
        type: 'string',
        enum: [
          'awaiting_triage',
          'scheduled',
          'in_progress',
          'waiting_for_client',
          'resolved',
          'refused',
          'closed',
        ],
      },
      Urgency: { type: 'string', enum: ['normal', 'high', 'emergency'] },
      RootCause: { type: 'string', enum: ['product_defect', 'client_environment', 'misuse', 'unknown'] },
      TicketSummary: {
        type: 'object',
        properties: {
          number: { type: 'string' },
          status: { $ref: '#/components/schemas/TicketStatus' },
          urgency: { oneOf: [{ $ref: '#/components/schemas/Urgency' }, { type: 'null' }] },
          rootCause: { oneOf: [{ $ref: '#/components/schemas/RootCause' }, { type: 'null' }] },
          assignee: { type: ['string', 'null'], format: 'email' },
          subject: { type: 'string' },
          client: {
            type: 'object',
            properties: { email: { type: 'string' }, name: { type: ['string', 'null'] } },
          },
          language: { type: 'string', enum: ['ru', 'en'] },
          phoneRequested: { type: 'boolean' },
          estimateMinutes: { type: ['integer', 'null'] },
          receivedAt: { type: 'string', format: 'date-time' },
          ackDeadline: { type: ['string', 'null'], format: 'date-time' },
          acknowledgedAt: { type: ['string', 'null'], format: 'date-time' },
          promisedAt: { type: ['string', 'null'], format: 'date-time' },
          resolvedAt: { type: ['string', 'null'], format: 'date-time' },
          closedAt: { type: ['string', 'null'], format: 'date-time' },
          needsReview: {
            type: 'boolean',
            description: 'promised from the automatic triage; a specialist should confirm',
          },
          ackBreachedAt: { type: ['string', 'null'], format: 'date-time' },
          loggedMinutes: { type: 'integer' },
          refusalReason: { type: ['string', 'null'] },
          linkedTicket: {
            type: ['string', 'null'],
            description: 'the ticket this request names but whose participant the sender is not',
          },
          failure: {
            type: ['object', 'null'],
            description: 'a step the system could not carry out even after its retries; the leads were told',
            properties: {
              step: { type: 'string' },
              error: { type: 'string' },
              at: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
      SearchHit: {
        type: 'object',
        properties: {
          number: { type: 'string', example: 'TRC-000123' },
          subject: { type: 'string' },
          status: { $ref: '#/components/schemas/TicketStatus' },
          source: {
            type: 'string',
            enum: ['subject', 'mail', 'attachment', 'letter', 'comment', 'resolution'],
            description: 'where the best-matching text is',
          },
          at: { type: 'string', format: 'date-time', description: 'when that text was written' },
          snippet: {
            type: 'string',
            description: 'HTML: the text escaped, the matching words in <mark>…</mark>',
          },
          url: { type: 'string', example: '/api/tickets/TRC-000123' },
        },
      },
      ConversationEntry: {
        type: 'object',
        properties: {
          direction: {
            type: 'string',
            enum: ['in', 'out', 'note'],
            description: 'mail received, a letter we sent, or a staff note',
          },
          kind: {
            type: 'string',
            description:
              'in: request, reply, linked_request (a stranger named this ticket), automatic; out: the letter ' +
              '(receipt, promise, completion, …); note: comment, resolution',
          },
          internal: {
            type: 'boolean',
            description: 'the client does not see it: staff notes, letters to staff',
          },
          at: { type: 'string', format: 'date-time', description: 'received, sent (or queued), or written' },
          from: {
            type: ['string', 'null'],
            description: 'null for our letters: they come from SUPPORT_ADDRESS',
          },
          fromName: { type: ['string', 'null'] },
          to: { type: 'array', items: { type: 'string' } },
          cc: { type: 'array', items: { type: 'string' } },
          subject: { type: ['string', 'null'] },
          text: { type: 'string', description: 'the full decoded text, quotes and signature kept' },
          attachments: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'integer' },
                filename: { type: 'string' },
                contentType: { type: 'string' },
                size: { type: 'integer' },
                inline: { type: 'boolean' },
                url: { type: 'string', example: '/api/attachments/42' },
              },
            },
          },
          automatic: { type: 'string', description: 'in: why a robot wrote it (auto-reply, bounce, …)' },
          linkedTicket: { type: 'string', description: 'in: the ticket a linked request opened' },
          sentAt: { type: ['string', 'null'], format: 'date-time', description: 'out: null while queued' },
        },
      },
      Ticket: {
        allOf: [
          { $ref: '#/components/schemas/TicketSummary' },
          {
            type: 'object',
            properties: {
              summary: { type: 'string' },
              conversation: {
                type: 'array',
                description: 'every mail in and letter out, and staff notes, oldest first',
                items: { $ref: '#/components/schemas/ConversationEntry' },
              },
              history: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    at: { type: 'string', format: 'date-time' },
                    kind: { type: 'string' },
                    actor: { type: ['string', 'null'] },
                    details: { type: 'object' },
                  },
                },
              },
            },
          },
        ],
      },
    },
  },
};
