// A month of client requests through the scheduling policies, simulated without a database: ours (earliest
// finish, high before normal, emergencies pre-empt) booking calibrated margins learned from the outcomes as the
// months go (as the product does), the same booking a fixed margin on every estimate, or the bare estimate, and
// a first-come-first-served desk.
import { DateTime } from 'luxon';
import { workingTimeBetween, type WorkingCalendar } from '../domain/calendar';
import { HOUR, MINUTE, bookedMinutes, defaultTicketPolicy } from '../domain/policy';
import {
  calibrate,
  LEARNED_OUTCOMES,
  LEARNED_WINDOW_DAYS,
  marginShare,
  neededFactor,
  uncalibrated,
  type PromiseCalibration,
  type PromiseOutcome,
} from '../domain/promiseCalibration';
import * as scheduling from '../domain/scheduling';
import { urgencies, type RootCause, type Urgency } from '../domain/ticket';
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
  // Actual effort = estimate × the root cause's log-normal overrun × the specialist's pace: defects run over
  // and scatter most, misuse is quick and predictable, and some specialists are slower than the estimates.
  rootCauses: readonly RootCauseModel[];
  specialistPace: readonly number[]; // actual effort multiplier of specialist i (mod the length); mean 1
  triageMinMs: number; // triage delay = this + log-normal(triageExtraMedianMs, triageSigma)
  triageExtraMedianMs: number;
  triageSigma: number;
  emergencyTakeMinMs: number; // an emergency pages on-call and is taken uniformly within [min, max]
  emergencyTakeMaxMs: number;
  // From the ticket policy:
  ackWorkingMs: number;
  autoPromiseShare: number;
  defaultEstimateMs: number;
  promiseMarginShare: number; // booked on top of the estimate by "fixed margin"; the calibration's fallback
  promiseTarget: number; // the share of promises the calibrated margin aims to keep
}

export interface RootCauseModel {
  rootCause: RootCause;
  share: number; // of requests
  overrunMedian: number; // actual ÷ estimate, before the specialist's pace
  overrunSigma: number;
}

/** One client request with everything chance decides about it; times are on the working-time clock. */
export interface Request {
  id: number;
  receivedAt: number;
  urgency: Urgency;
  rootCause: RootCause; // known from triage on
  estimateMs: number; // what triage estimates, and books
  overrun: number; // actual effort ÷ estimate for a specialist of pace 1
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
    rootCauses: [
      { rootCause: 'product_defect', share: 0.35, overrunMedian: 1.15, overrunSigma: 0.45 },
      { rootCause: 'client_environment', share: 0.4, overrunMedian: 1, overrunSigma: 0.3 },
      { rootCause: 'misuse', share: 0.2, overrunMedian: 0.85, overrunSigma: 0.2 },
      { rootCause: 'unknown', share: 0.05, overrunMedian: 1.1, overrunSigma: 0.5 },
    ],
    specialistPace: [0.8, 0.85, 0.9, 0.95, 1, 1, 1.05, 1.1, 1.15, 1.2],
    triageMinMs: 20 * MINUTE,
    triageExtraMedianMs: 25 * MINUTE,
    triageSigma: 0.7,
    emergencyTakeMinMs: 5 * MINUTE,
    emergencyTakeMaxMs: policy.emergencyTakeWindowMs,
    ackWorkingMs: policy.ackWorkingMs,
    autoPromiseShare: policy.autoPromiseShare,
    defaultEstimateMs: policy.defaultEstimateMinutes * MINUTE,
    promiseMarginShare: policy.promiseMarginShare,
    promiseTarget: 0.9,
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
  const cause = drawRootCause(model, random);
  const estimateMs = clamp(
    logNormal(random, model.estimateMedianMs, model.estimateSigma),
    model.estimateMinMs,
    model.estimateMaxMs,
  );
  return {
    id,
    receivedAt,
    urgency,
    rootCause: cause.rootCause,
    estimateMs,
    overrun: logNormal(random, cause.overrunMedian, cause.overrunSigma),
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

function drawRootCause(model: MonthModel, random: Random): RootCauseModel {
  let draw = random() * model.rootCauses.reduce((sum, cause) => sum + cause.share, 0);
  for (const cause of model.rootCauses) {
    draw -= cause.share;
    if (draw < 0) return cause;
  }
  return model.rootCauses.at(-1) as RootCauseModel;
}

function pace(model: MonthModel, specialist: number): number {
  return model.specialistPace[specialist % model.specialistPace.length] ?? 1;
}

/** What the request's work really takes in the hands of this specialist. */
function actualMs(model: MonthModel, request: Request, specialist: number): number {
  return request.estimateMs * request.overrun * pace(model, specialist);
}

// ---------------------------------------------------------------------------------------------------------
// Work in progress, shared by all policies. A specialist is free when the work is actually done, however
// long it was booked for; promises already sent are never moved earlier.

interface Job {
  request: Request;
  triaged: boolean; // the estimate and root cause are known (else the default estimate is booked)
  estimateMs: number; // what the booking was made from: the default estimate, then triage's
  bookedMs: number; // the effort the plan assumes: the estimate and the margin
  actualMs: number; // what it takes its specialist
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

function newJob(request: Request): Job {
  const { estimateMs } = request;
  return {
    request,
    triaged: false,
    estimateMs,
    bookedMs: estimateMs,
    actualMs: NaN,
    workedMs: 0,
    specialist: -1,
  };
}

/** The working time a policy books for a job's estimate with this specialist, at `now`. */
export interface Margins {
  bookedMs(job: Job, specialist: number | null, now: number): number; // null: any specialist
  done(job: Job): void; // the outcome of a promise, to learn from
}

/** Books the bare estimate. */
const estimateOnly: Margins = { bookedMs: (job) => job.estimateMs, done: () => undefined };

/** The product's fixed booking: the estimate and the policy's margin, in whole minutes. */
function fixedMargin(model: MonthModel): Margins {
  return {
    bookedMs: (job) => bookedMinutes(model, job.estimateMs / MINUTE) * MINUTE,
    done: () => undefined,
  };
}

// The calibration keeps the outcomes of the last three months (as the product, 90 days), at most the latest
// 2,000, and is computed again at most once a working hour when there are new ones (the product: every five
// minutes, or at once after a resolution).
const LEARNED_MONTHS = LEARNED_WINDOW_DAYS / 30;

/**
 * The product's calibrated booking: the estimate and the margin domain/promiseCalibration.ts gives for the
 * specialist and root cause from the outcomes so far. Learns as the months go, one after another.
 */
export function calibratedMargins(model: MonthModel): Margins & {
  nextMonth(monthMs: number): void;
  calibration(): PromiseCalibration;
} {
  const settings = { target: model.promiseTarget, fallbackMarginShare: model.promiseMarginShare };
  const outcomes: { at: number; outcome: PromiseOutcome }[] = [];
  let calibration = uncalibrated(settings);
  let offset = 0; // the months before this one, on one continuous clock
  let latest = 0; // the last outcome's time in this month
  let calibratedAt = -Infinity;
  const windowMs = LEARNED_MONTHS * monthWorkingMs(model);
  let learned = false;
  const key = (specialist: number) => `specialist-${specialist}`;
  return {
    bookedMs(job, specialist, now) {
      const at = offset + now;
      if (learned && at - calibratedAt >= HOUR) {
        const recent = outcomes.filter((item) => item.at > at - windowMs).slice(-LEARNED_OUTCOMES);
        outcomes.splice(0, outcomes.length, ...recent);
        calibration = calibrate(
          recent.map((item) => item.outcome),
          settings,
        );
        calibratedAt = at;
        learned = false;
      }
      const work = {
        specialist: specialist === null ? null : key(specialist),
        rootCause: job.triaged ? job.request.rootCause : null,
      };
      return (
        bookedMinutes({ promiseMarginShare: marginShare(calibration, work) }, job.estimateMs / MINUTE) *
        MINUTE
      );
    },
    done(job) {
      if (job.promisedAt === undefined || job.doneAt === undefined) return;
      latest = Math.max(latest, job.doneAt);
      outcomes.push({
        at: offset + job.doneAt,
        outcome: {
          specialist: key(job.specialist),
          rootCause: job.triaged ? job.request.rootCause : null,
          neededFactor: neededFactor({
            estimateMs: job.estimateMs,
            bookedMs: job.bookedMs,
            lateByMs: job.doneAt - job.promisedAt,
          }),
        },
      });
      learned = true;
    },
    nextMonth(monthMs) {
      offset += Math.max(monthMs, latest);
      latest = 0;
    },
    calibration: () => calibration,
  };
}

function idleSpecialists(count: number): Specialist[] {
  return Array.from({ length: count }, () => ({ current: null, since: 0, queue: [], booked: 0 }));
}

function finishOf(specialist: Specialist): number {
  const job = specialist.current;
  return job ? specialist.since + job.actualMs - job.workedMs : Infinity;
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
// re-booked from the specialist's estimate at triage (as the ticket workflow does). `margins` turns every
// estimate, the default one included, into the length booked with each specialist.

export function earliestFinishMonth(
  requests: readonly Request[],
  model: MonthModel,
  margins: Margins,
): Outcome[] {
  const specialists = idleSpecialists(model.specialists);
  const jobs = requests.map((request) => newJob(request));
  const autoPromiseDelayMs = model.autoPromiseShare * model.ackWorkingMs;
  const lengthFor = (job: Job, now: number) => (specialist: number | null) =>
    margins.bookedMs(job, specialist, now);
  const decisions = jobs.flatMap((job): Decision[] => {
    const { receivedAt, triageDelayMs, urgency } = job.request;
    const triageAt = receivedAt + triageDelayMs;
    if (urgency === 'emergency') {
      const startNow = () => {
        job.triaged = true;
        job.promisedAt = book(model, specialists, job, triageAt, lengthFor(job, triageAt));
        job.promiseSentAt = triageAt;
      };
      return [{ at: triageAt, run: startNow }];
    }
    const triage = {
      at: triageAt,
      run: () => triageJob(model, specialists, job, triageAt, lengthFor(job, triageAt)),
    };
    if (triageDelayMs <= autoPromiseDelayMs) return [triage];
    const autoPromiseAt = receivedAt + autoPromiseDelayMs;
    const autoPromise = () => {
      job.estimateMs = model.defaultEstimateMs;
      job.promisedAt = book(model, specialists, job, autoPromiseAt, lengthFor(job, autoPromiseAt));
      job.promiseSentAt = autoPromiseAt;
    };
    return [{ at: autoPromiseAt, run: autoPromise }, triage];
  });
  runDecisions(decisions, (at) =>
    specialists.forEach((specialist) => workUntil(specialist, at, (job) => margins.done(job))),
  );
  return jobs.map(toOutcome);
}

function workUntil(specialist: Specialist, at: number, done: (job: Job) => void): void {
  while (specialist.current && finishOf(specialist) <= at) {
    const finish = finishOf(specialist);
    const job = specialist.current;
    job.doneAt = finish;
    specialist.current = specialist.queue.shift() ?? null;
    specialist.since = finish;
    done(job);
  }
}

/**
 * Triage books the specialist's estimate. Of a request already booked automatically, work begun stays where
 * it is, and work already done keeps the automatic promise.
 */
function triageJob(
  model: MonthModel,
  specialists: Specialist[],
  job: Job,
  now: number,
  lengthFor: (specialist: number | null) => number,
): void {
  if (job.doneAt !== undefined) return;
  job.triaged = true;
  job.estimateMs = job.request.estimateMs;
  job.promiseSentAt ??= now;
  const holder = specialists[job.specialist];
  if (holder && (holder.current === job || job.workedMs > 0)) {
    job.bookedMs = lengthFor(job.specialist);
    job.promisedAt = projectedFinish(holder, job, now);
    return;
  }
  if (holder) holder.queue.splice(holder.queue.indexOf(job), 1);
  job.promisedAt = book(model, specialists, job, now, lengthFor);
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
 * Books the job as the product does: where it finishes earliest, at its urgency's place in the queue. Who
 * finishes earliest is judged on the length any specialist would book (`lengthFor(null)`), and the one chosen
 * books their own (db/bookings.ts does the same). Work it pushes later gets the new date as its promise; work
 * it interrupts resumes after it. Returns the planned end.
 */
function book(
  model: MonthModel,
  specialists: Specialist[],
  job: Job,
  now: number,
  lengthFor: (specialist: number | null) => number,
): number {
  const anyonesMs = lengthFor(null);
  // Built field by field: this runs some 100,000 times a scenario, and object spread is slow in V8 here.
  const offers = specialists.map((specialist, index) => {
    const plan = plannedQueue(specialist, now);
    const { position, startsAt, endsAt, openBookings } = scheduling.offer(
      scheduling.workingTimeClock,
      plan.queue,
      job.request.urgency,
      anyonesMs,
      now,
    );
    return { index, plan, position, startsAt, endsAt, openBookings, recentBookings: specialist.booked };
  });
  const chosen = scheduling.earliestFinish(offers);
  if (!chosen) throw new Error('no specialists to book into');
  const bookedMs = lengthFor(chosen.index);
  const best =
    bookedMs === anyonesMs
      ? chosen
      : {
          ...chosen,
          ...scheduling.offer(
            scheduling.workingTimeClock,
            chosen.plan.queue,
            job.request.urgency,
            bookedMs,
            now,
          ),
        };
  const specialist = specialists[best.index] as Specialist;
  job.specialist = best.index;
  job.bookedMs = bookedMs;
  job.actualMs = actualMs(model, job.request, best.index);
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
  const jobs = requests.map((request) => newJob(request));
  const take = (index: number, job: Job | null, since: number) => {
    const specialist = specialists[index] as Specialist;
    if (job) {
      job.specialist = index;
      job.actualMs = actualMs(model, job.request, index);
    }
    Object.assign(specialist, { current: job, since });
  };
  const workUntilShared = (at: number) => {
    for (;;) {
      const finishes = specialists.map(finishOf);
      const first = Math.min(...finishes);
      if (first === Infinity || first > at) return; // nobody busy, or nobody done yet
      const index = finishes.indexOf(first);
      (specialists[index]?.current as Job).doneAt = first;
      take(index, waiting.shift() ?? null, first);
    }
  };
  const triage = (job: Job, now: number) => {
    const position = waiting.filter((queued) => queued.request.receivedAt < job.request.receivedAt).length;
    job.promisedAt = fcfsStart(specialists, waiting.slice(0, position), now) + job.bookedMs;
    job.promiseSentAt = now;
    waiting.splice(position, 0, job);
    const idle = specialists.findIndex((specialist) => !specialist.current);
    if (idle >= 0) take(idle, waiting.shift() ?? null, now);
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
  promiseAfterDoneMedianH: number; // working hours from the actual finish to the promise: the margin's price
  receiptToPromiseMedianH: number; // the promised date, working hours after receipt
  receiptToDoneMedianH: number; // the actual finish, working hours after receipt
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
  const hours = (span: (outcome: Outcome) => number) =>
    median(outcomes.map((outcome) => span(outcome) / HOUR));
  const timeToDone = (urgency: Urgency) => {
    const spans = outcomes
      .filter((outcome) => outcome.request.urgency === urgency)
      .map((outcome) => (outcome.doneAt - outcome.request.receivedAt) / HOUR);
    return { meanH: mean(spans), medianH: median(spans) };
  };
  return {
    requests: outcomes.length,
    promisesKept: share(outcomes, (outcome) => outcome.doneAt <= outcome.promisedAt + 1e-6),
    promiseAfterDoneMedianH: hours((outcome) => outcome.promisedAt - outcome.doneAt),
    receiptToPromiseMedianH: hours((outcome) => outcome.promisedAt - outcome.request.receivedAt),
    receiptToDoneMedianH: hours((outcome) => outcome.doneAt - outcome.request.receivedAt),
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

/** Demand over capacity: expected actual effort of the month's requests over the specialists' working time. */
export function load(requests: readonly Request[], model: MonthModel): number {
  const paces = Array.from({ length: model.specialists }, (_, index) => pace(model, index));
  const meanPace = mean(paces);
  return (
    requests.reduce((sum, request) => sum + request.estimateMs * request.overrun * meanPace, 0) /
    (model.specialists * monthWorkingMs(model))
  );
}

export interface Scenario {
  title: string;
  model: MonthModel;
  seeds: number[];
}

export const policyNames = ['calibrated', 'fixed margin', 'estimate only', 'FCFS'] as const;
export type PolicyName = (typeof policyNames)[number];

export interface ScenarioResult {
  scenario: Scenario;
  requests: Request[];
  figures: Record<PolicyName, Figures>;
  calibration: PromiseCalibration; // where the calibration stood at the end
}

/**
 * All policies on the same months (one per seed, in turn); the outcomes of all months pooled. The calibrated
 * policy starts the first month knowing nothing (the fixed margin) and learns from every month's outcomes.
 */
export function runScenario(scenario: Scenario): ScenarioResult {
  const { model } = scenario;
  const months = scenario.seeds.map((seed) => generateRequests(model, seed));
  const pooled = (policy: Policy) => months.flatMap((requests) => policy(requests, model));
  const calibrated = calibratedMargins(model);
  const monthMs = monthWorkingMs(model);
  const calibratedOutcomes = months.flatMap((requests) => {
    const outcomes = earliestFinishMonth(requests, model, calibrated);
    calibrated.nextMonth(monthMs);
    return outcomes;
  });
  return {
    scenario,
    requests: months.flat(),
    figures: {
      calibrated: figures(calibratedOutcomes, model),
      'fixed margin': figures(
        pooled((requests) => earliestFinishMonth(requests, model, fixedMargin(model))),
        model,
      ),
      'estimate only': figures(
        pooled((requests) => earliestFinishMonth(requests, model, estimateOnly)),
        model,
      ),
      FCFS: figures(pooled(firstComeFirstServed), model),
    },
    calibration: calibrated.calibration(),
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
  {
    label: 'promise after actual finish: median, wh',
    value: (f) => f.promiseAfterDoneMedianH,
    format: fixed,
  },
  { label: 'receipt to promise: median, wh', value: (f) => f.receiptToPromiseMedianH, format: fixed },
  { label: 'receipt to done: median, wh', value: (f) => f.receiptToDoneMedianH, format: fixed },
  { label: 'broken: median lateness, wh', value: (f) => f.brokenLatenessMedianH, format: fixed },
  { label: 'broken: p90 lateness, wh', value: (f) => f.brokenLatenessP90H, format: fixed },
  { label: 'promise within 2 wh', value: (f) => f.ackCompliance, format: percent },
  ...urgencies.flatMap((urgency): Row[] => [
    { label: `${urgency}: mean to done, wh`, value: (f) => f.timeToDone[urgency].meanH, format: fixed },
    { label: `${urgency}: median to done, wh`, value: (f) => f.timeToDone[urgency].medianH, format: fixed },
  ]),
];

/** One scenario's figures under each policy. */
export function comparisonTable(result: ScenarioResult): string {
  const marginLabel = `fixed ${percent(result.scenario.model.promiseMarginShare).replace('.0 ', ' ')}`;
  const labels: Record<PolicyName, string> = {
    calibrated: 'calibrated',
    'fixed margin': marginLabel,
    'estimate only': 'estimate',
    FCFS: 'FCFS',
  };
  return table([
    ['', ...policyNames.map((name) => labels[name])],
    ...rows.map((row) => [
      row.label,
      ...policyNames.map((name) => row.format(row.value(result.figures[name]))),
    ]),
  ]);
}

/** Where the calibration stood after the scenario: the margins it books by root cause and specialist. */
export function calibrationSummary(result: ScenarioResult): string {
  const { calibration } = result;
  const margin = (work: { specialist?: string; rootCause?: string }) =>
    `${fixed(marginShare(calibration, work) * 100, 0)} %`;
  const causes = result.scenario.model.rootCauses
    .map(({ rootCause }) => `${rootCause} ${margin({ rootCause })}`)
    .join(', ');
  const specialists = Array.from({ length: result.scenario.model.specialists }, (_, index) =>
    margin({ specialist: `specialist-${index}` }),
  ).join(' ');
  return (
    `calibrated margins at the end (${calibration.outcomes} outcomes): team ${margin({})}; ${causes}; ` +
    `specialists by pace ${specialists}`
  );
}

export function runSimulationBench(): void {
  const scenarios: Scenario[] = [
    {
      title: '1. one month, 25 % load, learning from nothing (seed 1)',
      model: defaultMonthModel(),
      seeds: [1],
    },
    { title: '2. 100 months, 25 % load (seeds 1–100)', model: defaultMonthModel(), seeds: range(1, 100) },
    // The same desk in a busy season: where the policies part ways.
    {
      title: '3. 100 months, 84 % load (seeds 1–100)',
      model: defaultMonthModel({ clients: 330 }),
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
    `  calibrated: margins learned from the outcomes so far for a ${percent(model.promiseTarget)} target ` +
      `(domain/promiseCalibration.ts); fixed: every estimate with a ${percent(model.promiseMarginShare)} margin; ` +
      `estimate: the bare estimate; margins are released when the work is done early`,
  );
  for (const result of results) {
    console.log(`\n  ${describe(result)}`);
    console.log(comparisonTable(result).replace(/^/gm, '    '));
    console.log(`    ${calibrationSummary(result)}`);
  }
}

function localDate(model: MonthModel, at: Date): string {
  return DateTime.fromJSDate(at, { zone: model.calendar.timeZone }).toISODate() ?? at.toISOString();
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}
