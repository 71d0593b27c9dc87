// A month of client requests through three scheduling policies, simulated without a database: ours (earliest
// finish, high before normal, emergencies pre-empt), the same booking the policy's margin on top of every
// estimate (as the product does), and a first-come-first-served desk.
import { DateTime } from 'luxon';
import { workingTimeBetween, type WorkingCalendar } from '../domain/calendar';
import { HOUR, MINUTE, bookedMinutes, defaultTicketPolicy } from '../domain/policy';
import * as scheduling from '../domain/scheduling';
import { urgencies, type Urgency } from '../domain/ticket';
import { clamp, exponential, logNormal, mulberry32, uniform, type Random } from './random';
import { fixed, mean, median, percent, quantile, share, table } from './stats';

// The simulation's clock is working time: milliseconds of the support calendar's working time since the month
// began. Every specialist works the one company calendar, so "start + effort" in working time is exactly
// addWorkingTime on that calendar, and the figures asked for (lateness, the 2-hour acknowledgement) are in
// working time anyway. Holidays and weekends simply do not exist on this clock.

export interface MonthModel {
  calendar: WorkingCalendar;
  start: Date;
  end: Date;
  clients: number;
  requestsPerClientPerWorkingDay: number; // Poisson arrivals, in working hours only
  specialists: number;
  highShare: number;
  emergencyShare: number;
  estimateMedianMs: number; // estimated effort: log-normal
  estimateSigma: number;
  estimateMinMs: number;
  estimateMaxMs: number;
  overrunSigma: number; // actual effort = estimate × log-normal with median 1 and this sigma
  triageMinMs: number; // triage delay = this + log-normal(triageExtraMedianMs, triageSigma)
  triageExtraMedianMs: number;
  triageSigma: number;
  emergencyTakeMinMs: number; // an emergency pages on-call and is taken uniformly within [min, max]
  emergencyTakeMaxMs: number;
  // From the ticket policy:
  ackWorkingMs: number;
  autoPromiseShare: number;
  defaultEstimateMs: number;
  promiseMarginShare: number; // booked on top of the estimate by "ours + margin"
}

/** One client request with everything chance decides about it; times are on the working-time clock. */
export interface Request {
  id: number;
  receivedAt: number;
  urgency: Urgency;
  estimateMs: number; // what triage estimates, and books
  actualMs: number; // what the work really takes
  triageDelayMs: number; // receipt → triage (an emergency: receipt → taken)
}

/** What became of a request under one policy. */
export interface Outcome {
  request: Request;
  promiseSentAt: number; // the client got a dated promise (ours: possibly the automatic one)
  promisedAt: number; // the promise computed from the booked lengths (the estimates, maybe with margin)
  doneAt: number;
}

export type Policy = (requests: readonly Request[], model: MonthModel) => Outcome[];

export function defaultMonthModel(overrides: Partial<MonthModel> = {}): MonthModel {
  const policy = defaultTicketPolicy({
    timeZone: 'Europe/Moscow',
    defaultLanguage: 'ru',
    leadAddress: 'lead@netix.example',
    headAddress: 'head@netix.example',
    onCallAddresses: [],
  });
  const start = new Date('2026-12-07T00:00:00+03:00'); // a Monday
  const workingDayMs = workingDay(policy.calendar, start);
  return {
    calendar: policy.calendar,
    start,
    end: new Date('2027-01-07T00:00:00+03:00'),
    clients: 100,
    requestsPerClientPerWorkingDay: 0.05,
    specialists: 10,
    highShare: 0.18,
    emergencyShare: 0.028,
    estimateMedianMs: 3 * HOUR,
    estimateSigma: 0.8,
    estimateMinMs: 15 * MINUTE,
    estimateMaxMs: 3 * workingDayMs,
    overrunSigma: 0.35,
    triageMinMs: 20 * MINUTE,
    triageExtraMedianMs: 25 * MINUTE,
    triageSigma: 0.7,
    emergencyTakeMinMs: 5 * MINUTE,
    emergencyTakeMaxMs: policy.emergencyTakeWindowMs,
    ackWorkingMs: policy.ackWorkingMs,
    autoPromiseShare: policy.autoPromiseShare,
    defaultEstimateMs: policy.defaultEstimateMinutes * MINUTE,
    promiseMarginShare: policy.promiseMarginShare,
    ...overrides,
  };
}

export function monthWorkingMs(model: MonthModel): number {
  return workingTimeBetween(model.calendar, model.start, model.end);
}

/** Working time of the (working) day that begins at `dayStart`: the unit of "requests a working day". */
function workingDay(calendar: WorkingCalendar, dayStart: Date): number {
  return workingTimeBetween(calendar, dayStart, new Date(dayStart.getTime() + 24 * HOUR));
}

// ---------------------------------------------------------------------------------------------------------
// The month's requests.

export function generateRequests(model: MonthModel, seed: number): Request[] {
  const random = mulberry32(seed);
  const monthMs = monthWorkingMs(model);
  const ratePerMs =
    (model.clients * model.requestsPerClientPerWorkingDay) / workingDay(model.calendar, model.start);
  const requests: Request[] = [];
  for (let at = exponential(random, ratePerMs); at < monthMs; at += exponential(random, ratePerMs)) {
    requests.push(drawRequest(model, random, requests.length + 1, at));
  }
  return requests;
}

function drawRequest(model: MonthModel, random: Random, id: number, receivedAt: number): Request {
  const urgency = drawUrgency(model, random);
  const estimateMs = clamp(
    logNormal(random, model.estimateMedianMs, model.estimateSigma),
    model.estimateMinMs,
    model.estimateMaxMs,
  );
  return {
    id,
    receivedAt,
    urgency,
    estimateMs,
    actualMs: estimateMs * logNormal(random, 1, model.overrunSigma),
    triageDelayMs:
      urgency === 'emergency'
        ? uniform(random, model.emergencyTakeMinMs, model.emergencyTakeMaxMs)
        : model.triageMinMs + logNormal(random, model.triageExtraMedianMs, model.triageSigma),
  };
}

function drawUrgency(model: MonthModel, random: Random): Urgency {
  const draw = random();
  if (draw < model.emergencyShare) return 'emergency';
  return draw < model.emergencyShare + model.highShare ? 'high' : 'normal';
}

// ---------------------------------------------------------------------------------------------------------
// Work in progress, shared by all policies. A specialist is free when the work is actually done, however
// long it was booked for; promises already sent are never moved earlier.

interface Job {
  request: Request;
  bookedMs: number; // the effort the plan assumes: from the estimate, or the default one before triage
  workedMs: number; // actual work done before the current stretch
  specialist: number;
  promiseSentAt?: number;
  promisedAt?: number;
  doneAt?: number;
}

interface Specialist {
  current: Job | null;
  since: number; // when the current stretch of work on `current` began
  queue: Job[]; // ours: waiting in the order they will be worked (FCFS keeps one shared queue instead)
  booked: number; // ours: bookings made with this specialist, the scheduler's fairness tie-break
}

function newJob(request: Request, bookedMs: number): Job {
  return { request, bookedMs, workedMs: 0, specialist: -1 };
}

/** The working time booked for an estimate. */
type Booking = (model: MonthModel, estimateMs: number) => number;

const asEstimated: Booking = (_model, estimateMs) => estimateMs;

/** The product's booking: the estimate and the policy's margin, in whole minutes. */
const withMargin: Booking = (model, estimateMs) => bookedMinutes(model, estimateMs / MINUTE) * MINUTE;

function idleSpecialists(count: number): Specialist[] {
  return Array.from({ length: count }, () => ({ current: null, since: 0, queue: [], booked: 0 }));
}

function finishOf(specialist: Specialist): number {
  const job = specialist.current;
  return job ? specialist.since + job.request.actualMs - job.workedMs : Infinity;
}

/** Working time the plan still expects `job` to take at `now`. */
function plannedRemainingMs(job: Job, specialist: Specialist, now: number): number {
  const workingNow = specialist.current === job ? now - specialist.since : 0;
  return Math.max(0, job.bookedMs - job.workedMs - workingNow);
}

function toOutcome(job: Job): Outcome {
  const { request, promiseSentAt, promisedAt, doneAt } = job;
  if (promiseSentAt === undefined || promisedAt === undefined || doneAt === undefined) {
    throw new Error(`request ${request.id} was never promised or never done`);
  }
  return { request, promiseSentAt, promisedAt, doneAt };
}

interface Decision {
  at: number;
  run: () => void;
}

/** Runs the decisions in time order, letting `workUntil` complete work up to each one, then to the end. */
function runDecisions(decisions: Decision[], workUntil: (at: number) => void): void {
  for (const decision of decisions.sort((a, b) => a.at - b.at)) {
    workUntil(decision.at);
    decision.run();
  }
  workUntil(Infinity);
}

// ---------------------------------------------------------------------------------------------------------
// Ours: the product's scheduling core (domain/scheduling.ts) on each specialist's planned queue: a request goes
// where its booking ends earliest, high requests go ahead of planned normal work, an emergency starts at once
// and pushes the queue later, and every client whose booking moves holds the new date. A request still
// untriaged at 85 % of the acknowledgement time is booked with the default estimate and promised, then
// re-booked from the specialist's estimate at triage (as the ticket workflow does). `booking` turns every
// estimate, the default one included, into the length booked.

function earliestFinishBooking(booking: Booking): Policy {
  return (requests, model) =>
    earliestFinishMonth(requests, model, (estimateMs) => booking(model, estimateMs));
}

export const earliestFinish = earliestFinishBooking(asEstimated);
export const earliestFinishWithMargin = earliestFinishBooking(withMargin);

function earliestFinishMonth(
  requests: readonly Request[],
  model: MonthModel,
  booked: (estimateMs: number) => number,
): Outcome[] {
  const specialists = idleSpecialists(model.specialists);
  const jobs = requests.map((request) => newJob(request, booked(request.estimateMs)));
  const autoPromiseDelayMs = model.autoPromiseShare * model.ackWorkingMs;
  const decisions = jobs.flatMap((job): Decision[] => {
    const { receivedAt, triageDelayMs, urgency } = job.request;
    const triageAt = receivedAt + triageDelayMs;
    if (urgency === 'emergency') {
      const startNow = () => {
        job.promisedAt = book(specialists, job, triageAt);
        job.promiseSentAt = triageAt;
      };
      return [{ at: triageAt, run: startNow }];
    }
    const triage = {
      at: triageAt,
      run: () => triageJob(specialists, job, booked(job.request.estimateMs), triageAt),
    };
    if (triageDelayMs <= autoPromiseDelayMs) return [triage];
    const autoPromiseAt = receivedAt + autoPromiseDelayMs;
    const autoPromise = () => {
      job.bookedMs = booked(model.defaultEstimateMs);
      job.promisedAt = book(specialists, job, autoPromiseAt);
      job.promiseSentAt = autoPromiseAt;
    };
    return [{ at: autoPromiseAt, run: autoPromise }, triage];
  });
  runDecisions(decisions, (at) => specialists.forEach((specialist) => workUntil(specialist, at)));
  return jobs.map(toOutcome);
}

function workUntil(specialist: Specialist, at: number): void {
  while (specialist.current && finishOf(specialist) <= at) {
    const finish = finishOf(specialist);
    specialist.current.doneAt = finish;
    specialist.current = specialist.queue.shift() ?? null;
    specialist.since = finish;
  }
}

/**
 * Triage books the specialist's estimate (`bookedMs`). Of a request already booked automatically, work begun
 * stays where it is, and work already done keeps the automatic promise.
 */
function triageJob(specialists: Specialist[], job: Job, bookedMs: number, now: number): void {
  if (job.doneAt !== undefined) return;
  job.bookedMs = bookedMs;
  job.promiseSentAt ??= now;
  const holder = specialists[job.specialist];
  if (holder && (holder.current === job || job.workedMs > 0)) {
    job.promisedAt = projectedFinish(holder, job, now);
    return;
  }
  if (holder) holder.queue.splice(holder.queue.indexOf(job), 1);
  job.promisedAt = book(specialists, job, now);
}

/** The specialist's plan as the booking code sees it: the work under way, then the queue, as booked. */
function plannedQueue(specialist: Specialist, now: number): { jobs: Job[]; queue: scheduling.PlannedWork[] } {
  const jobs = specialist.current ? [specialist.current, ...specialist.queue] : [];
  let cursor = now;
  const queue = jobs.map((job) => {
    const startsAt = job === specialist.current ? specialist.since : cursor;
    cursor += plannedRemainingMs(job, specialist, now);
    return { startsAt, endsAt: cursor, urgency: job.request.urgency };
  });
  return { jobs, queue };
}

/**
 * Books the job as the product does: where it finishes earliest, at its urgency's place in the queue. Work it
 * pushes later gets the new date as its promise; work it interrupts resumes after it. Returns the planned end.
 */
function book(specialists: Specialist[], job: Job, now: number): number {
  // Built field by field: this runs some 100,000 times a scenario, and object spread is slow in V8 here.
  const offers = specialists.map((specialist, index) => {
    const plan = plannedQueue(specialist, now);
    const { position, startsAt, endsAt, openBookings } = scheduling.offer(
      scheduling.workingTimeClock,
      plan.queue,
      job.request.urgency,
      job.bookedMs,
      now,
    );
    return { index, plan, position, startsAt, endsAt, openBookings, recentBookings: specialist.booked };
  });
  const best = scheduling.earliestFinish(offers);
  if (!best) throw new Error('no specialists to book into');
  const specialist = specialists[best.index] as Specialist;
  job.specialist = best.index;
  specialist.booked += 1;
  for (const move of scheduling.pushLater(scheduling.workingTimeClock, best.plan.queue, best, now)) {
    const moved = best.plan.jobs[move.index] as Job;
    if (moved.promisedAt !== undefined) moved.promisedAt = move.endsAt;
  }
  if (specialist.current && best.position === 0) {
    specialist.current.workedMs += now - specialist.since;
    specialist.queue.unshift(specialist.current);
    Object.assign(specialist, { current: job, since: now });
  } else if (specialist.current) specialist.queue.splice(best.position - 1, 0, job);
  else Object.assign(specialist, { current: job, since: now });
  return best.endsAt;
}

function projectedFinish(specialist: Specialist, job: Job, now: number): number {
  let cursor = now;
  for (const planned of [specialist.current, ...specialist.queue]) {
    if (!planned) continue;
    cursor += plannedRemainingMs(planned, specialist, now);
    if (planned === job) return cursor;
  }
  throw new Error(`request ${job.request.id} is not in its specialist's plan`);
}

// ---------------------------------------------------------------------------------------------------------
// Baseline: one queue in order of arrival; whoever is free takes the next triaged request; no urgency, no
// pre-emption, no automatic promise. The promise at triage is where the queue, run on estimates, would
// finish it.

export const firstComeFirstServed: Policy = (requests, model) => {
  const specialists = idleSpecialists(model.specialists);
  const waiting: Job[] = [];
  const jobs = requests.map((request) => newJob(request, request.estimateMs));
  const workUntilShared = (at: number) => {
    for (;;) {
      const finishes = specialists.map(finishOf);
      const first = Math.min(...finishes);
      if (first === Infinity || first > at) return; // nobody busy, or nobody done yet
      const specialist = specialists[finishes.indexOf(first)] as Specialist;
      (specialist.current as Job).doneAt = first;
      Object.assign(specialist, { current: waiting.shift() ?? null, since: first });
    }
  };
  const triage = (job: Job, now: number) => {
    const position = waiting.filter((queued) => queued.request.receivedAt < job.request.receivedAt).length;
    job.promisedAt = fcfsStart(specialists, waiting.slice(0, position), now) + job.bookedMs;
    job.promiseSentAt = now;
    waiting.splice(position, 0, job);
    const idle = specialists.find((specialist) => !specialist.current);
    if (idle) Object.assign(idle, { current: waiting.shift(), since: now });
  };
  const decisions = jobs.map((job) => {
    const at = job.request.receivedAt + job.request.triageDelayMs;
    return { at, run: () => triage(job, at) };
  });
  runDecisions(decisions, workUntilShared);
  return jobs.map(toOutcome);
};

/** When the shared queue, worked on estimates, would reach the request behind `ahead`. */
function fcfsStart(specialists: Specialist[], ahead: readonly Job[], now: number): number {
  const freeAt = specialists.map(
    (specialist) => now + (specialist.current ? plannedRemainingMs(specialist.current, specialist, now) : 0),
  );
  for (const job of ahead) {
    const earliest = freeAt.indexOf(Math.min(...freeAt));
    freeAt[earliest] = (freeAt[earliest] as number) + job.bookedMs;
  }
  return Math.min(...freeAt);
}

// ---------------------------------------------------------------------------------------------------------
// Figures.

export interface Figures {
  requests: number;
  promisesKept: number; // share done by the promised time
  brokenLatenessMedianH: number; // working hours past the promise, of the promises broken
  brokenLatenessP90H: number;
  ackCompliance: number; // share with a dated promise within the acknowledgement time
  timeToDone: Record<Urgency, { meanH: number; medianH: number }>; // receipt → done, working hours
}

export function figures(outcomes: readonly Outcome[], model: MonthModel): Figures {
  const lateness = outcomes
    .map((outcome) => outcome.doneAt - outcome.promisedAt)
    .filter((lateMs) => lateMs > 1e-6)
    .map((lateMs) => lateMs / HOUR);
  const timeToDone = (urgency: Urgency) => {
    const hours = outcomes
      .filter((outcome) => outcome.request.urgency === urgency)
      .map((outcome) => (outcome.doneAt - outcome.request.receivedAt) / HOUR);
    return { meanH: mean(hours), medianH: median(hours) };
  };
  return {
    requests: outcomes.length,
    promisesKept: share(outcomes, (outcome) => outcome.doneAt <= outcome.promisedAt + 1e-6),
    brokenLatenessMedianH: median(lateness),
    brokenLatenessP90H: quantile(lateness, 0.9),
    ackCompliance: share(
      outcomes,
      (outcome) => outcome.promiseSentAt - outcome.request.receivedAt <= model.ackWorkingMs + 1e-6,
    ),
    timeToDone: {
      normal: timeToDone('normal'),
      high: timeToDone('high'),
      emergency: timeToDone('emergency'),
    },
  };
}

/** Demand over capacity: actual effort of the month's requests over the specialists' working time. */
export function load(requests: readonly Request[], model: MonthModel): number {
  return (
    requests.reduce((sum, request) => sum + request.actualMs, 0) / (model.specialists * monthWorkingMs(model))
  );
}

export interface Scenario {
  title: string;
  model: MonthModel;
  seeds: number[];
}

interface ScenarioResult {
  scenario: Scenario;
  requests: Request[];
  ours: Figures;
  withMargin: Figures;
  baseline: Figures;
}

/** All policies on the same months (one per seed); the outcomes of all months pooled. */
export function runScenario(scenario: Scenario): ScenarioResult {
  const months = scenario.seeds.map((seed) => generateRequests(scenario.model, seed));
  const pooled = (policy: Policy) => months.flatMap((requests) => policy(requests, scenario.model));
  return {
    scenario,
    requests: months.flat(),
    ours: figures(pooled(earliestFinish), scenario.model),
    withMargin: figures(pooled(earliestFinishWithMargin), scenario.model),
    baseline: figures(pooled(firstComeFirstServed), scenario.model),
  };
}

export function describe(result: ScenarioResult): string {
  const { scenario, requests } = result;
  const months = scenario.seeds.length;
  const perMonth = (urgency?: Urgency) =>
    fixed(
      requests.filter((request) => !urgency || request.urgency === urgency).length / months,
      months === 1 ? 0 : 1,
    );
  return (
    `${scenario.title}: requests a month ${perMonth()} (normal ${perMonth('normal')}, high ${perMonth('high')}, ` +
    `emergency ${perMonth('emergency')}), load ${percent(load(requests, scenario.model) / months)}`
  );
}

interface Row {
  label: string;
  value: (figures: Figures) => number;
  format: (value: number) => string;
}

const rows: Row[] = [
  { label: 'promises kept', value: (f) => f.promisesKept, format: percent },
  { label: 'late: median lateness, wh', value: (f) => f.brokenLatenessMedianH, format: fixed },
  { label: 'late: p90 lateness, wh', value: (f) => f.brokenLatenessP90H, format: fixed },
  { label: 'promise within 2 wh', value: (f) => f.ackCompliance, format: percent },
  ...urgencies.flatMap((urgency): Row[] => [
    { label: `${urgency}: mean to done, wh`, value: (f) => f.timeToDone[urgency].meanH, format: fixed },
    { label: `${urgency}: median to done, wh`, value: (f) => f.timeToDone[urgency].medianH, format: fixed },
  ]),
];

/** One scenario's figures under each policy, and ours with and without the margin against the baseline. */
export function comparisonTable({ ours, withMargin, baseline }: ScenarioResult): string {
  const ratio = (row: Row, figures: Figures) => fixed(row.value(figures) / row.value(baseline), 2);
  return table([
    ['', 'ours', '+margin', 'FCFS', 'ours/FCFS', '+margin/FCFS'],
    ...rows.map((row) => [
      row.label,
      ...[ours, withMargin, baseline].map((figures) => row.format(row.value(figures))),
      ratio(row, ours),
      ratio(row, withMargin),
    ]),
  ]);
}

export function runSimulationBench(): void {
  const scenarios: Scenario[] = [
    { title: '1. one month, 100 clients (seed 1)', model: defaultMonthModel(), seeds: [1] },
    { title: '2. 100 months, 100 clients (seeds 1–100)', model: defaultMonthModel(), seeds: range(1, 100) },
    // The same desk in a busy season: where the policies part ways.
    {
      title: '3. 100 months, 350 clients (seeds 1–100)',
      model: defaultMonthModel({ clients: 350 }),
      seeds: range(1, 100),
    },
  ];
  const results = scenarios.map(runScenario);
  const model = defaultMonthModel();
  console.log(
    `A month's simulation: ${localDate(model, model.start)} to ${localDate(model, new Date(model.end.getTime() - 1))} ` +
      `Moscow, Russian calendar (${fixed(monthWorkingMs(model) / HOUR, 0)} working hours), ${model.specialists} specialists; ` +
      `wh = working hours`,
  );
  console.log(
    `  +margin: ours, booking every estimate with a ${percent(model.promiseMarginShare)} margin, ` +
      `released when the work is done early`,
  );
  for (const result of results) {
    console.log(`\n  ${describe(result)}`);
    console.log(comparisonTable(result).replace(/^/gm, '    '));
  }
}

function localDate(model: MonthModel, at: Date): string {
  return DateTime.fromJSDate(at, { zone: model.calendar.timeZone }).toISODate() ?? at.toISOString();
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
