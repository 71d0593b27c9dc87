// The staff API's shapes as zod schemas: the routes validate with them and the OpenAPI document is built from them.
import { z } from 'zod';
import { staffRoles } from '../db/staff';
import { ticketQueues } from '../db/ticketQueues';
import { articleLanguages } from '../domain/articles';
import { isLocalDate, productionDayKinds, regionPattern } from '../domain/productionCalendar';
import { domainProblem, normaliseDomain } from '../domain/organisations';
import { rootCauses, ticketStatuses, urgencies } from '../domain/ticket';
import { MAX_LINKED_ARTICLES, staffActions } from '../domain/ticketRules';

/** Named schemas: the document lists them under components.schemas and refers to them by name. */
export const components = z.registry<{ id: string }>();
function named<Schema extends z.ZodType>(id: string, schema: Schema): Schema {
  components.add(schema, { id });
  return schema;
}

const DAY = 24 * 60 * 60 * 1000;
const instant = z.iso.datetime({ offset: true });
const email = z.string().meta({ format: 'email' });
const ticketNumber = z.string().meta({ example: 'TRC-000123' });

export const TicketStatus = named('TicketStatus', z.enum(ticketStatuses));
export const Urgency = named('Urgency', z.enum(urgencies));
export const RootCause = named('RootCause', z.enum(rootCauses));
export const StaffRole = named('StaffRole', z.enum(staffRoles));
export const Language = named('Language', z.enum(articleLanguages));

// Requests: query strings, path parameters and bodies, as the routes parse them.

export const ticketNumberParams = z.object({ number: ticketNumber });
export const specialistParams = z.object({ id: z.coerce.number().int() });
export const attachmentParams = z.object({
  id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});

export const ticketListQuery = z.object({
  status: TicketStatus.optional(),
  urgency: Urgency.optional(),
  assignee: email.optional(),
  client: email.optional(),
  organisation: z
    .union([z.literal('none'), z.coerce.number().int().min(1)])
    .optional()
    .meta({ description: "opened under this organisation (its id), or 'none': under no organisation" }),
  q: z.string().min(1).optional().meta({
    description:
      'words anywhere in the ticket: subject, mail, text attachments, letters, staff notes (as GET /api/search)',
  }),
  queue: z
    .enum(ticketQueues)
    .optional()
    .meta({
      description:
        'a work queue (as GET /api/queues counts it), in its order: triage by acknowledgement deadline, ' +
        'emergencies by arrival, mine and overdue by promised date, waiting by last activity (oldest first)',
    }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const assignPreviewQuery = z.object({
  specialist: email.meta({ description: 'the staff member whose calendar would take the ticket' }),
});

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'type at least one word').max(500),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
});

export const auditQuery = z.object({
  actor: z.email().optional(),
  ticket: z
    .string()
    .regex(/^TRC-\d{1,12}$/, 'a ticket number such as TRC-000123')
    .optional()
    .meta({ example: 'TRC-000123' }),
  action: z
    .string()
    .regex(/^[\w:/ -]{1,200}$/, 'an action (e.g. triage, token_issued) or a route (POST /api/specialists)')
    .optional()
    .meta({
      description: 'an action (triage, token_issued, authentication_failed, …) or a route pattern',
      example: 'PATCH /api/specialists/:id',
    }),
  from: instant.optional(),
  to: instant.optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,18}$/, 'the nextCursor of the previous page')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});

/** A range of time [from, to), by default the next 7 days, at most a year long. */
export const range = z
  .object({ from: instant.optional(), to: instant.optional() })
  .transform(({ from, to }) => {
    const start = from ? new Date(from) : new Date();
    return { from: start, to: to ? new Date(to) : new Date(start.getTime() + 7 * DAY) };
  })
  .refine(({ from, to }) => to > from && to.getTime() - from.getTime() <= 366 * DAY, {
    message: 'to must be after from, at most a year later',
    path: ['to'],
  });

export const teamQuery = z.object({
  team: z.string().min(1).optional().meta({ description: 'only this team' }),
});

export const promiseAccuracyQuery = z.object({
  from: instant,
  to: instant,
  by: z.enum(['all', 'specialist', 'rootCause']).default('all'),
});

/** A report's range [from, to): by default the 12 weeks up to now, at most three years long. */
export const reportRange = z
  .object({
    from: instant.optional().meta({ description: 'default: 12 weeks before to' }),
    to: instant.optional().meta({ description: 'default: now' }),
  })
  .transform(({ from, to }) => {
    const end = to ? new Date(to) : new Date();
    return { from: from ? new Date(from) : new Date(end.getTime() - 12 * 7 * DAY), to: end };
  })
  .refine(({ from, to }) => to > from && to.getTime() - from.getTime() <= 3 * 366 * DAY, {
    message: 'to must be after from, at most three years later',
    path: ['to'],
  });
export const acknowledgementReportQuery = z.object({ by: z.enum(['week', 'month']).default('week') });
export const emergencyReportQuery = z.object({
  by: z
    .enum(['all', 'organisation'])
    .default('all')
    .meta({ description: 'organisation: each month also by the organisation tickets were opened under' }),
});
export const effortGroupings = ['specialist', 'rootCause', 'week', 'channel', 'organisation'] as const;
export const effortReportQuery = z.object({
  by: z.enum(effortGroupings).default('specialist'),
});

export const shiftBody = z
  .object({ startsAt: instant, endsAt: instant })
  .refine(({ startsAt, endsAt }) => new Date(endsAt) > new Date(startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

export const timeOffBody = z
  .object({ startsAt: instant, endsAt: instant, reason: z.string().max(500).optional() })
  .refine(({ startsAt, endsAt }) => new Date(endsAt) > new Date(startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

const wallTime = z.string().regex(/^\d{2}:\d{2}$/, 'HH:mm');
export const WeeklyHours = named(
  'WeeklyHours',
  z
    .record(
      z.enum(['1', '2', '3', '4', '5', '6', '7']),
      z.array(z.object({ start: wallTime, end: wallTime })),
    )
    .nullable()
    .meta({
      description:
        'ISO weekday (1 = Monday) to working intervals, e.g. {"1": [{"start": "10:00", "end": "19:00"}]}',
    }),
);
const specialistRegion = z
  .string()
  .regex(/^[a-z]{2}-[a-z0-9]{1,3}$/, 'an ISO 3166-2 region in lower case, e.g. ru-ta (Tatarstan)')
  .nullable()
  .meta({
    description:
      "the region whose production calendar days (loaded under that name) are laid over the desk's in their " +
      'calendar, e.g. ru-ta (Tatarstan), ru-ba (Bashkortostan); null: the desk calendar only',
  });
const specialistFields = {
  name: z.string().trim().min(1),
  role: StaffRole,
  skills: z.array(z.string().trim().min(1)),
  onCall: z.boolean(),
  weeklyHours: WeeklyHours,
  team: z.string().trim().min(1).nullable(),
  region: specialistRegion,
};
export const NewSpecialist = named(
  'NewSpecialist',
  z.object({
    email: z.email(),
    ...specialistFields,
    role: specialistFields.role.default('specialist'),
    skills: specialistFields.skills.default([]),
    onCall: specialistFields.onCall.default(false),
    weeklyHours: WeeklyHours.optional(),
    team: specialistFields.team.optional(),
    region: specialistRegion.optional(),
  }),
);
export const SpecialistChanges = named('SpecialistChanges', z.object(specialistFields).partial());

// Staff actions on a ticket: the API's own check is invalidInputFor (domain/ticketRules.ts); these describe it.
const text = z.string();
const minutes = z.number().int().min(1);
export const actionBodies = {
  triage: z.object({
    urgency: Urgency,
    rootCause: RootCause,
    estimateMinutes: minutes,
    phoneRequested: z.boolean().optional(),
  }),
  take: z.object({}),
  comment: z.object({ text, toClient: z.boolean().default(false) }),
  'log-time': z.object({ minutes, note: text.optional() }),
  reschedule: z.object({ reason: text, estimateMinutes: minutes.optional(), promisedAt: instant.optional() }),
  assign: z.object({ specialist: email }),
  'wait-for-client': z.object({ question: text }),
  refuse: z.object({ reason: text }),
  resolve: z.object({
    whatWasFixed: text,
    how: text,
    prevention: text,
    articleIds: z
      .array(z.number().int().min(1))
      .max(MAX_LINKED_ARTICLES)
      .optional()
      .meta({
        description:
          'knowledge-base articles that solved it (GET /api/articles, not archived): the completion letter ' +
          'names each with its public address; staff see how often an article solved tickets',
      }),
  }),
};

// Responses. Objects are loose: an answer may carry more than is described here.

const nullableInstant = instant.nullable();

export const Problem = named(
  'Problem',
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.looseObject({ field: z.string(), rule: z.string() })).optional(),
  }),
);

export const TicketSummary = named(
  'TicketSummary',
  z.looseObject({
    number: ticketNumber,
    status: TicketStatus,
    urgency: Urgency.nullable(),
    rootCause: RootCause.nullable(),
    assignee: email.nullable(),
    subject: z.string(),
    client: z.looseObject({ email: z.string(), name: z.string().nullable() }),
    language: z.enum(['ru', 'en']),
    phoneRequested: z.boolean(),
    estimateMinutes: z.number().int().nullable(),
    receivedAt: instant,
    ackDeadline: nullableInstant,
    acknowledgedAt: nullableInstant,
    promisedAt: nullableInstant,
    resolvedAt: nullableInstant,
    closedAt: nullableInstant,
    needsReview: z
      .boolean()
      .meta({ description: 'promised from the automatic triage; a specialist should confirm' }),
    ackBreachedAt: nullableInstant,
    loggedMinutes: z.number().int(),
    refusalReason: z.string().nullable(),
    linkedTicket: z
      .string()
      .nullable()
      .meta({ description: 'the ticket this request names but whose participant the sender is not' }),
    failure: z.looseObject({ step: z.string(), error: z.string(), at: instant }).nullable().meta({
      description: 'a step the system could not carry out even after its retries; the leads were told',
    }),
    organisation: z
      .looseObject({
        id: z.number().int(),
        name: z.string(),
        voiceSupport: z.boolean(),
        priority: z.boolean(),
      })
      .nullable()
      .meta({
        description: "the client's organisation when the request arrived (its terms as they stand now)",
      }),
    callbackAt: nullableInstant.meta({
      description: 'voice support: when the specialist calls the client (the start of the booked voice work)',
    }),
  }),
);

export const ConversationEntry = named(
  'ConversationEntry',
  z.looseObject({
    direction: z
      .enum(['in', 'out', 'note'])
      .meta({ description: 'mail received, a letter we sent, or a staff note' }),
    kind: z.string().meta({
      description:
        'in: request, reply, linked_request (a stranger named this ticket), automatic; out: the letter ' +
        '(receipt, promise, completion, …); note: comment, resolution',
    }),
    internal: z.boolean().meta({ description: 'the client does not see it: staff notes, letters to staff' }),
    at: instant.meta({ description: 'received, sent (or queued), or written' }),
    from: z.string().nullable().meta({ description: 'null for our letters: they come from SUPPORT_ADDRESS' }),
    fromName: z.string().nullable().optional(),
    to: z.array(z.string()).optional(),
    cc: z.array(z.string()).optional(),
    subject: z.string().nullable().optional(),
    text: z.string().meta({ description: 'the full decoded text, quotes and signature kept' }),
    attachments: z
      .array(
        z.looseObject({
          id: z.number().int(),
          filename: z.string(),
          contentType: z.string(),
          size: z.number().int(),
          inline: z.boolean(),
          url: z.string().meta({ example: '/api/attachments/42' }),
        }),
      )
      .optional(),
    automatic: z
      .string()
      .optional()
      .meta({ description: 'in: why a robot wrote it (auto-reply, bounce, …)' }),
    linkedTicket: z.string().optional().meta({ description: 'in: the ticket a linked request opened' }),
    authentication: z
      .looseObject({
        spf: z.looseObject({ result: z.string(), domain: z.string().optional() }),
        dkim: z.looseObject({ result: z.string(), domains: z.array(z.string()) }),
        dmarc: z.looseObject({
          result: z.string(),
          domain: z.string().optional(),
          policy: z.string().optional(),
        }),
        arc: z.looseObject({ result: z.string() }),
        note: z.string().optional().meta({ description: 'why a result is missing or could not be had' }),
      })
      .nullable()
      .optional()
      .meta({ description: 'in: SPF, DKIM, DMARC and ARC as checked at intake (pass, fail, none, …)' }),
    sentAt: nullableInstant.optional().meta({ description: 'out: null while queued' }),
  }),
);

export const Ticket = named(
  'Ticket',
  TicketSummary.extend({
    summary: z.string().nullable(),
    allowedActions: z.array(z.enum(staffActions)).meta({
      description:
        'the staff actions the ticket takes in its status (an action may still be refused: 409/422)',
    }),
    letters: z
      .array(
        z.looseObject({
          key: z.string(),
          kind: z.string(),
          to: z.array(z.string()),
          subject: z.string(),
          createdAt: instant,
          sentAt: nullableInstant,
          attempts: z.number().int(),
          lastError: z
            .string()
            .nullable()
            .meta({ description: "the relay's last refusal while it is retried" }),
          suppressedReason: z.string().nullable(),
          bouncedAt: nullableInstant,
          bounceReason: z.string().nullable(),
        }),
      )
      .meta({ description: 'the letters sent about the ticket and their delivery state' }),
    conversation: z
      .array(ConversationEntry)
      .meta({ description: 'every mail in and letter out, and staff notes, oldest first' }),
    history: z.array(
      z.looseObject({
        at: instant,
        kind: z.string(),
        actor: z.string().nullable(),
        details: z.unknown(),
      }),
    ),
  }),
);

export const SearchHit = named(
  'SearchHit',
  z.looseObject({
    number: ticketNumber,
    subject: z.string(),
    status: TicketStatus,
    source: z
      .enum(['subject', 'mail', 'attachment', 'letter', 'comment', 'resolution'])
      .meta({ description: 'where the best-matching text is' }),
    at: instant.meta({ description: 'when that text was written' }),
    snippet: z.string().meta({ description: 'HTML: the text escaped, the matching words in <mark>…</mark>' }),
    url: z.string().meta({ example: '/api/tickets/TRC-000123' }),
  }),
);

export const AuditEntry = named(
  'AuditEntry',
  z.looseObject({
    id: z.number().int(),
    at: instant,
    actor: email.nullable().meta({ description: 'null: nobody recognised' }),
    action: z.string(),
    method: z.string().nullable(),
    route: z.string().nullable(),
    ticket: z.string().nullable(),
    changes: z.unknown().meta({ description: 'the request body, secrets replaced by "[redacted]"' }),
    status: z.number().int().nullable(),
    remoteAddress: z.string().nullable(),
    userAgent: z.string().nullable(),
  }),
);

export const ticketList = z.looseObject({
  tickets: z.array(TicketSummary),
  total: z
    .number()
    .int()
    .meta({ description: 'how many tickets match the filters, whatever limit and offset' }),
  limit: z.number().int(),
  offset: z.number().int(),
});
const count = z.number().int().min(0);
export const queueCounts = z.looseObject({
  counts: z.looseObject({
    triage: count.meta({
      description: 'not yet assessed by a specialist (untriaged, or auto-promised for review)',
    }),
    emergencies: count.meta({ description: 'open emergencies' }),
    mine: count.meta({ description: 'open tickets assigned to the signed-in staff member' }),
    overdue: count.meta({ description: 'scheduled or in progress, and the promised date has passed' }),
    waiting: count.meta({ description: "waiting for the client's reply" }),
    all: count.meta({ description: 'every ticket' }),
  }),
});
export const searchPage = z.looseObject({
  q: z.string(),
  hits: z.array(SearchHit),
  nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
});
export const auditPage = z.looseObject({ entries: z.array(AuditEntry), nextCursor: z.string().nullable() });
export const newToken = z.looseObject({ specialist: email, token: z.string(), expiresAt: instant });
export const revokedTokens = z.looseObject({ specialist: z.string(), revoked: z.number().int() });
export const health = z.looseObject({ status: z.literal('ok'), postgres: z.string(), temporal: z.string() });
export const readiness = z.looseObject({
  status: z.literal('ready'),
  postgres: z.literal('ok'),
  temporal: z.literal('ok'),
  smtp: z.literal('ok'),
  draining: z.literal(false),
});

export const Specialist = named(
  'Specialist',
  z.looseObject({
    id: z.number().int(),
    email,
    name: z.string(),
    role: StaffRole,
    skills: z.array(z.string()),
    onCall: z.boolean(),
    weeklyHours: WeeklyHours,
    team: z.string().nullable(),
    region: z.string().nullable(),
  }),
);
export const specialistList = z.looseObject({ specialists: z.array(Specialist) });
export const specialistAnswer = z.looseObject({ specialist: Specialist });
export const specialistWithToken = z.looseObject({ specialist: Specialist, token: z.string() });
export const periodRecorded = z.looseObject({
  specialist: email,
  startsAt: instant,
  endsAt: instant,
  reason: z.string().nullable().optional(),
});
const period = z.looseObject({ startsAt: instant, endsAt: instant });
export const Workload = named(
  'Workload',
  z.looseObject({
    specialist: Specialist,
    bookings: z.array(
      period.extend({
        ticket: ticketNumber,
        subject: z.string(),
        status: z.string(),
        urgency: Urgency.nullable(),
        effortMinutes: z.number().int(),
      }),
    ),
    timeOff: z.array(period.extend({ reason: z.string().nullable() })),
    free: z.array(period),
  }),
);
export const CalendarDay = named(
  'CalendarDay',
  z.looseObject({
    date: z.string().meta({ example: '2026-12-31', description: 'a local date in the support time zone' }),
    kind: z.enum(['working', 'shortened', 'weekend', 'holiday']).meta({
      description:
        'shortened: a pre-holiday day, one hour shorter; holiday: a public holiday or a day off moved',
    }),
    opens: z.string().nullable().meta({ example: '09:00', description: 'null on a day off' }),
    closes: z
      .string()
      .nullable()
      .meta({ example: '18:00', description: "null on a day off; '24:00' is midnight" }),
  }),
);
const calendarDaysField = z
  .array(CalendarDay)
  .meta({ description: "every local date of the range with the support desk's opening hours" });
export const specialistCalendar = Workload.and(
  z.looseObject({ from: instant, to: instant, timeZone: z.string(), days: calendarDaysField }),
);
export const teamCalendar = z.looseObject({
  from: instant,
  to: instant,
  timeZone: z.string(),
  team: z.string().nullable(),
  days: calendarDaysField,
  specialists: z.array(Workload),
});
export const tokenList = z.looseObject({
  specialist: email,
  tokens: z.array(
    z.looseObject({
      id: z.number().int(),
      createdAt: instant,
      expiresAt: instant,
      revokedAt: nullableInstant,
      lastUsedAt: nullableInstant,
    }),
  ),
});
export const rota = z.looseObject({
  from: instant,
  to: instant,
  now: z.array(email).meta({ description: 'who is on call at this moment' }),
  shifts: z.array(period.extend({ email })),
});
const share = z.number().min(0).max(1).nullable();
const lateness = z.number().min(0).nullable();
export const promiseAccuracyReport = z.looseObject({
  from: z.string(),
  to: z.string(),
  by: z.enum(['all', 'specialist', 'rootCause']),
  rows: z.array(
    z.looseObject({
      group: z.string().nullable(),
      resolved: z.number().int(),
      onTimeShare: share,
      firstPromiseOnTimeShare: share,
      medianLatenessMinutes: lateness,
      p90LatenessMinutes: lateness,
    }),
  ),
});
const reportBounds = { from: instant, to: instant };
export const acknowledgementReport = z.looseObject({
  ...reportBounds,
  by: z.enum(['week', 'month']),
  met: count.meta({ description: 'the dated promise or refusal went out by the acknowledgement deadline' }),
  missed: count.meta({ description: 'it went out late, or has not gone out and the deadline has passed' }),
  pending: count.meta({ description: 'not gone out yet, the deadline still ahead' }),
  share: share.meta({ description: 'met / (met + missed); null when there is neither' }),
  periods: z.array(
    z.looseObject({
      start: instant.meta({ description: 'local midnight starting the week (Monday) or month' }),
      met: count,
      missed: count,
      pending: count,
      share,
    }),
  ),
});
export const ticketMixReport = z.looseObject({
  ...reportBounds,
  byUrgency: z.array(z.looseObject({ urgency: Urgency, count })),
  byRootCause: z.array(
    z.looseObject({
      rootCause: RootCause.nullable().meta({ description: 'null: no specialist has assessed the ticket' }),
      count,
    }),
  ),
  matrix: z.array(z.looseObject({ urgency: Urgency, rootCause: RootCause.nullable(), count })),
});
export const effortReport = z.looseObject({
  ...reportBounds,
  by: z.enum(effortGroupings),
  rows: z.array(
    z.looseObject({
      key: z.string().meta({
        description:
          "the specialist's email, the root cause (not_assessed before triage), the week's Monday (YYYY-MM-DD), " +
          "the channel (email, or voice: a callback was booked), or the organisation's id ('none': no organisation)",
      }),
      name: z
        .string()
        .nullable()
        .optional()
        .meta({ description: "by organisation: the organisation's name" }),
      minutes: count,
      tickets: count,
    }),
  ),
});
export const emergencyReport = z.looseObject({
  ...reportBounds,
  by: z.enum(['all', 'organisation']),
  months: z.array(
    z.looseObject({
      month: z.string().meta({ example: '2026-11' }),
      emergencies: count,
      clients: count.meta({
        description: 'distinct client addresses with a ticket received in the 12 months ending with this one',
      }),
      per100Clients: z.number().min(0).nullable().meta({ description: 'null when there were no clients' }),
      organisations: z
        .array(
          z.looseObject({
            organisation: z
              .looseObject({ id: z.number().int(), name: z.string() })
              .nullable()
              .meta({ description: 'null: clients of no organisation' }),
            emergencies: count,
            clients: count.meta({
              description:
                'distinct addresses assigned to it by hand by the end of the month, or with a ticket under it in the ' +
                '12 months ending with this one',
            }),
            per100Clients: z.number().min(0).nullable(),
          }),
        )
        .optional()
        .meta({
          description:
            'by=organisation: the same by organisation; those with neither clients nor emergencies are left out',
        }),
    }),
  ),
});
export const voiceReport = z.looseObject({
  ...reportBounds,
  requests: count.meta({ description: 'tickets received in the range whose client asked for a call' }),
  callbacks: count.meta({
    description: 'of all tickets received, those with a callback booked (voice support)',
  }),
  explained: count.meta({
    description: 'requests answered in the receipt that voice support is a paid service',
  }),
  callbackMinutes: count.meta({ description: 'working minutes booked for the callbacks (voice effort)' }),
  organisations: z.array(
    z.looseObject({
      organisation: z
        .looseObject({ id: z.number().int(), name: z.string(), voiceSupport: z.boolean() })
        .nullable()
        .meta({ description: 'null: clients of no organisation' }),
      requests: count,
      callbacks: count,
      explained: count,
      callbackMinutes: count,
    }),
  ),
});
export const assignPreview = z.looseObject({
  ticket: ticketNumber,
  specialist: email.nullable(),
  startsAt: instant.meta({ description: 'when the work would start in their calendar' }),
  endsAt: instant,
  promisedAt: instant.meta({ description: 'the date the client would be told if assigned now' }),
  currentPromisedAt: nullableInstant.meta({ description: 'the date the client holds now' }),
  displacedTickets: count.meta({
    description: "other tickets whose promise it would move (the specialist's queue)",
  }),
});
export const openApiDocumentShape = z.looseObject({
  openapi: z.string(),
  paths: z.record(z.string(), z.unknown()),
});

// The staff console's sign-in.

export const signInBody = z.union([
  z.strictObject({ token: z.string().min(1).max(200).meta({ description: 'a staff bearer token' }) }),
  z.strictObject({
    code: z.string().min(1).max(200).meta({ description: 'the one-time code of a sign-in link' }),
  }),
]);
export const signInLinkRequest = z.object({ email: z.email().max(320) });
export const ConsoleSession = named(
  'ConsoleSession',
  z.looseObject({
    staff: z.looseObject({ id: z.number().int(), email, name: z.string(), role: StaffRole }),
    csrfToken: z
      .string()
      .meta({ description: 'send it as X-CSRF-Token with every change made with the cookie' }),
    expiresAt: instant,
  }),
);
export const signInLinkSent = z.looseObject({ sent: z.literal(true) });

// The knowledge base.

const articleFields = {
  title: z.string().trim().min(1, 'required, not empty').max(300),
  body: z
    .string()
    .trim()
    .min(1, 'required, not empty')
    .max(200_000)
    .meta({ description: 'Markdown; raw HTML in it is shown as text, not as markup' }),
  language: Language,
  tags: z.array(z.string().trim().min(1).max(60)).max(30).meta({ description: 'kept lower-case, each once' }),
  rootCause: RootCause.nullable().meta({ description: 'the root cause of the problems it solves, if one' }),
  productArea: z.string().trim().min(1).max(100).nullable().meta({ example: 'Отчёты' }),
};
export const NewArticle = named(
  'NewArticle',
  z.object({
    ...articleFields,
    tags: articleFields.tags.default([]),
    rootCause: articleFields.rootCause.default(null),
    productArea: articleFields.productArea.default(null),
  }),
);
export const ArticleChanges = named(
  'ArticleChanges',
  z
    .object({
      ...articleFields,
      archived: z.boolean().meta({
        description:
          'archived: never suggested nor linked at resolve; its public page says it may be out of date',
      }),
    })
    .partial()
    .extend({
      revision: z.number().int().min(1).optional().meta({
        description: 'the revision the change was made from: 409 when another has been saved since',
      }),
    }),
);
export const articleParams = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const articleListQuery = z.object({
  language: Language.optional(),
  tag: z.string().trim().min(1).optional(),
  rootCause: RootCause.optional(),
  productArea: z.string().trim().min(1).optional(),
  q: z.string().trim().min(1).max(500).optional().meta({
    description: "words of the title, tags or body, stemmed in the article's language; the last one a prefix",
  }),
  state: z.enum(['active', 'archived', 'all']).default('active'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const publicArticleQuery = z.object({ language: Language.optional() });

export const ArticleSummary = named(
  'ArticleSummary',
  z.looseObject({
    id: z.number().int(),
    language: Language,
    title: z.string(),
    tags: z.array(z.string()),
    rootCause: RootCause.nullable(),
    productArea: z.string().nullable(),
    revision: z.number().int().meta({ description: 'the current revision; every change adds one' }),
    archived: z.boolean(),
    archivedAt: nullableInstant,
    createdAt: instant,
    createdBy: z.string(),
    updatedAt: instant,
    updatedBy: z.string(),
    url: z.string().meta({
      description: 'the public page, read without a token',
      example: 'https://support.netix.ru/kb/12',
    }),
    suggested: count.meta({ description: 'tickets whose receipt suggested it' }),
    solved: count.meta({ description: 'tickets a specialist resolved with it linked' }),
  }),
);
export const Article = named(
  'Article',
  ArticleSummary.extend({
    body: z.string().meta({ description: 'Markdown' }),
    html: z.string().meta({ description: 'the body rendered, as the public page shows it' }),
  }),
);
export const articleList = z.looseObject({
  articles: z.array(ArticleSummary),
  total: count,
  limit: z.number().int(),
  offset: z.number().int(),
});
export const articleRevisions = z.looseObject({
  article: z.number().int(),
  revisions: z.array(
    z.looseObject({
      revision: z.number().int(),
      at: instant,
      author: z.string(),
      language: Language,
      title: z.string(),
      body: z.string(),
      tags: z.array(z.string()),
      rootCause: RootCause.nullable(),
      productArea: z.string().nullable(),
      archived: z.boolean(),
    }),
  ),
});
export const articleReport = z.looseObject({
  ...reportBounds,
  receipts: count.meta({ description: 'tickets received in the range' }),
  receiptsWithSuggestions: count.meta({ description: 'of them, those whose receipt suggested an article' }),
  resolved: count.meta({ description: 'tickets resolved in the range' }),
  resolvedWithArticle: count.meta({ description: 'of them, those resolved with an article linked' }),
  articles: z.array(
    z.looseObject({
      id: z.number().int(),
      title: z.string(),
      language: Language,
      suggested: count.meta({ description: 'receipts in the range that suggested it' }),
      solved: count.meta({ description: 'tickets resolved in the range with it linked' }),
      solvedAfterSuggestion: count.meta({
        description: 'of those, tickets whose receipt had suggested it: the suggestion was the answer',
      }),
    }),
  ),
});

// The production calendar staff maintain.

const region = z
  .string()
  .regex(regionPattern, 'a country (ru) or an ISO 3166-2 region (ru-ta), lower case')
  .meta({
    example: 'ru',
    description: "a country (ru), or a region (ru-ta, Tatarstan) whose days lie over its country's",
  });
const localDate = z
  .string()
  .refine(isLocalDate, 'a date YYYY-MM-DD')
  .meta({ example: '2027-11-13', format: 'date' });
const calendarYearNumber = z.coerce.number().int().min(1991).max(2200);
export const calendarRegionParams = z.object({ region });
export const calendarYearParams = z.object({ region, year: calendarYearNumber });
export const calendarDayParams = z.object({ region, date: localDate });

const dayKind = z.enum(productionDayKinds).meta({
  description:
    'holiday: a public holiday (a day off, also on a weekend); day-off: a weekday off by a transfer; ' +
    'working: a worked Saturday or Sunday, with weekday hours; shortened: a working day one hour shorter ' +
    '(before a holiday), worked also on a weekend',
});
const dayFields = {
  kind: dayKind,
  title: z.string().trim().min(1).max(200).nullable().optional().meta({ description: "the holiday's name" }),
  transfer: localDate.nullable().optional().meta({ description: 'the other date of a transfer' }),
};
export const ProductionDayBody = named('ProductionDayBody', z.strictObject(dayFields));
export const ProductionYearBody = named(
  'ProductionYearBody',
  z.strictObject({
    days: z
      .array(z.strictObject({ date: localDate, ...dayFields }))
      .max(366)
      .meta({ description: 'every date of the year that differs from the plain working week' }),
    source: z.string().trim().min(1).max(300).optional().meta({ description: 'where the days come from' }),
  }),
);

export const ProductionDay = named(
  'ProductionDay',
  z.looseObject({
    date: z.string().meta({ example: '2027-11-04' }),
    kind: dayKind,
    title: z.string().nullable(),
    transfer: z.string().nullable(),
  }),
);
const storedDay = ProductionDay.and(
  z.looseObject({
    changedAt: instant,
    changedBy: z.string().nullable().meta({ description: 'staff email' }),
  }),
);
const yearFacts = {
  year: z.number().int(),
  source: z
    .string()
    .meta({ description: 'where the days came from: a file and its date, the API, the code' }),
  loadedAt: instant,
  loadedBy: z.string().nullable().meta({ description: 'staff email; null: shipped with the code' }),
};
export const DayChange = named(
  'DayChange',
  z.looseObject({
    date: z.string(),
    before: ProductionDay.nullable().meta({ description: 'null: an ordinary day of the week before' }),
    after: ProductionDay.nullable().meta({ description: 'null: an ordinary day of the week now' }),
  }),
);
export const productionYear = z.looseObject({ region: z.string(), ...yearFacts, days: z.array(storedDay) });
export const productionYearLoaded = productionYear.and(
  z.looseObject({
    changes: z.array(DayChange).meta({ description: 'what differs from before, date by date' }),
  }),
);
export const productionDayChanged = z.looseObject({ region: z.string(), change: DayChange });
export const productionYearRemoved = z.looseObject({ region: z.string(), year: z.number().int() });
const coverage = {
  through: z.string().nullable().meta({
    description: "the last date of the loaded years unbroken from today's; null: this year is not loaded",
  }),
  warnFrom: z.string().nullable().meta({ description: 'staff are warned from this date: 60 days before' }),
  daysLeft: z.number().int().min(0).meta({ description: 'days from today until the loaded years run out' }),
  warn: z.boolean(),
};
export const productionCalendarOverview = z.looseObject({
  today: z.string().meta({ description: "today's date in the support time zone" }),
  country: z.string().nullable().meta({ description: "the desk's country; null: the desk is always open" }),
  regions: z.array(
    z.looseObject({
      region: z.string(),
      specialists: count.meta({ description: 'staff in this region' }),
      years: z.array(z.looseObject({ ...yearFacts, days: count })),
      ...coverage,
    }),
  ),
  warnings: z.array(z.looseObject({ region: z.string(), ...coverage })).meta({
    description: "the regions whose loaded years run out within 60 days (the desk's country first)",
  }),
});

// Client organisations and their contracts.

export const organisationParams = z.object({ id: z.coerce.number().int() });
export const organisationClientParams = z.object({ id: z.coerce.number().int(), address: z.email() });

const mailDomain = z
  .string()
  .trim()
  .min(1)
  .superRefine((value, context) => {
    const problem = domainProblem(normaliseDomain(value));
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ example: 'netix.ru', description: 'its subdomains belong to the organisation too' });
const organisationFields = {
  name: z.string().trim().min(1).max(200),
  domains: z.array(mailDomain).max(100).meta({
    description: 'senders from these domains are its clients, unless assigned by hand elsewhere',
  }),
  timeZone: z
    .string()
    .trim()
    .min(1)
    .nullable()
    .meta({
      example: 'Asia/Vladivostok',
      description:
        "its own IANA time zone (null: the desk's): the acknowledgement deadline counts its working hours, and " +
        'dates in letters to its clients are in it',
    }),
  weeklyHours: z
    .partialRecord(
      z.enum(['1', '2', '3', '4', '5', '6', '7']),
      z.array(z.object({ start: wallTime, end: wallTime })),
    )
    .nullable()
    .meta({
      example: { '1': [{ start: '09:00', end: '18:00' }] },
      description:
        "its own working hours by ISO weekday, 1 = Monday; a day left out is a day off (null: the desk's). The " +
        "desk's production calendar (holidays, transfers, shortened days) applies in its zone",
    }),
  voiceSupport: z.boolean().meta({
    description: 'bought voice support: a request for a call gets a callback booked as voice work',
  }),
  priority: z.boolean().meta({
    description:
      'its normal requests are booked as high: ahead of planned normal work in specialists’ queues',
  }),
};
export const newOrganisation = z.object({
  ...organisationFields,
  domains: organisationFields.domains.default([]),
  timeZone: organisationFields.timeZone.default(null),
  weeklyHours: organisationFields.weeklyHours.default(null),
  voiceSupport: organisationFields.voiceSupport.default(false),
  priority: organisationFields.priority.default(false),
});
export const organisationChanges = z.object(organisationFields).partial();
export const clientAssignment = z.object({
  address: z.email().meta({ description: 'the client’s address: assigned by hand, it beats any domain' }),
});

export const Organisation = named(
  'Organisation',
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    domains: z.array(z.string()),
    timeZone: z.string().nullable(),
    weeklyHours: z
      .record(z.string(), z.array(z.looseObject({ start: z.string(), end: z.string() })))
      .nullable(),
    voiceSupport: z.boolean(),
    priority: z.boolean(),
    clients: count.meta({ description: 'distinct addresses assigned to it by hand or that wrote under it' }),
    createdAt: instant,
    updatedAt: instant,
  }),
);
export const OrganisationClient = named(
  'OrganisationClient',
  z.looseObject({
    address: z.string(),
    assigned: z
      .enum(['hand', 'domain'])
      .meta({ description: 'hand: a lead assigned it; domain: it wrote from one of the domains' }),
    tickets: count.meta({ description: 'tickets opened under this organisation' }),
    lastTicketAt: nullableInstant,
  }),
);
export const organisationList = z.looseObject({ organisations: z.array(Organisation) });
export const organisationAnswer = z.looseObject({
  organisation: Organisation,
  clients: z.array(OrganisationClient),
});
export const clientAssigned = z.looseObject({
  address: z.string(),
  organisation: z.looseObject({ id: z.number().int(), name: z.string() }),
  previousOrganisation: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'the organisation it was assigned to by hand before, if another' }),
});
