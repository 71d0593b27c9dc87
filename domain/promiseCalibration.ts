// Calibrated promises: the margin booked on top of an estimate, learned from the promises already kept or
// broken so that a target share of them holds. Pure; the booking code (db/promiseCalibration.ts) feeds it
// PostgreSQL's recorded outcomes and the month simulation (bench/simulation.ts) its own, as they come.
//
// What an outcome teaches is the factor (booked length ÷ estimate) that would just have kept its promise: the
// factor booked, plus the working time the work finished after (or before) the promise, over the estimate. That
// counts everything that broke the promise, the work's own overrun and the overruns of the work queued ahead of
// it, and it does not depend on the margin booked at the time. The margin for new work is the target quantile
// of those factors, modelled in logarithms: the team's quantile, then for the specialist and the root cause a
// shift (their estimates' bias) and a spread (how much more or less they scatter than the team). A group's
// shift and spread are shrunk toward the team's while its outcomes are few, and the team's quantile toward the
// configured fixed margin.

export interface PromiseOutcome {
  specialist: string | null; // who did the work
  rootCause: string | null;
  neededFactor: number; // the booked length ÷ estimate that would just have kept the promise; ≥ 0
}

export interface CalibrationSettings {
  target: number; // share of promises to keep, e.g. 0.9
  fallbackMarginShare: number; // the margin while there are no outcomes (PROMISE_MARGIN_PERCENT / 100)
}

/** What the outcomes say about one specialist or one root cause, relative to the team; in logarithms. */
export interface GroupCalibration {
  outcomes: number;
  shift: number; // how much longer than the team's its work takes, estimate for estimate
  spread: number; // how much further than the team's its outcomes scatter, at the target quantile
}

export interface PromiseCalibration {
  settings: CalibrationSettings;
  outcomes: number;
  team: number; // the logarithm of the factor that keeps the target share of the team's promises
  specialists: Record<string, GroupCalibration>;
  rootCauses: Record<string, GroupCalibration>;
}

export interface Work {
  specialist?: string | null;
  rootCause?: string | null;
}

// The calibration learns from the tickets resolved in the last 90 days, at most the latest 2,000: recent enough
// to follow a team that changes, long enough for a few dozen outcomes per specialist.
export const LEARNED_WINDOW_DAYS = 90;
export const LEARNED_OUTCOMES = 2000;

// The fixed margin counts as this many outcomes: the first few move the margin a little, a few dozen take over.
const PRIOR_OUTCOMES = 20;
// How many of the team's outcomes a group's own count against, for its bias, is learned from the outcomes
// (empirical Bayes: the scatter within groups over the true spread between them): few when specialists
// really differ, many when they are alike; never fewer than ten, so that a handful of outcomes only
// moves a new specialist part of the way from a typical one.
const FEWEST_SHIFT_PRIOR = 10;
const MOST_SHIFT_PRIOR = 200;
// A group's scatter needs more outcomes to see than its bias: its own count against 40 of the team's.
const GROUP_SPREAD_PRIOR = 40;
// A promise whose work was done before a quarter of its estimate would have been kept by any margin; below
// that the logarithm would only add noise.
const LOWEST_FACTOR = 0.25;
// Never book less than the estimate (a specialist would not recognise their own estimate in the calendar),
// and never more than four times it, whatever a few wild outcomes say.
const LOWEST_MARGIN = 0;
const HIGHEST_MARGIN = 3;
const FITTING_ROUNDS = 10;

/** The factor that would just have kept a promise: booked ÷ estimate, plus how late it was done ÷ estimate. */
export function neededFactor(outcome: { estimateMs: number; bookedMs: number; lateByMs: number }): number {
  if (!(outcome.estimateMs > 0)) return 0;
  return Math.max(0, (outcome.bookedMs + outcome.lateByMs) / outcome.estimateMs);
}

/** The calibration with no outcomes at all: the fixed margin for everyone. */
export function uncalibrated(settings: CalibrationSettings): PromiseCalibration {
  return calibrate([], settings);
}

export function calibrate(
  outcomes: readonly PromiseOutcome[],
  settings: CalibrationSettings,
): PromiseCalibration {
  const count = outcomes.length;
  const logs = new Float64Array(count);
  outcomes.forEach((outcome, i) => (logs[i] = Math.log(Math.max(LOWEST_FACTOR, outcome.neededFactor))));
  const specialists = new Grouping(outcomes, (outcome) => outcome.specialist);
  const rootCauses = new Grouping(outcomes, (outcome) => outcome.rootCause);

  // Backfitting: the team's level and the two kinds of shift in turn, each shift a mean shrunk toward the
  // team, so that a specialist who mostly gets product defects is not charged twice for them.
  let level = 0;
  for (let round = 0; round < FITTING_ROUNDS; round += 1) {
    let sum = 0;
    for (let i = 0; i < count; i += 1) sum += logs[i]! - specialists.shiftOf(i) - rootCauses.shiftOf(i);
    level = count > 0 ? sum / count : 0;
    specialists.fitShifts((i) => logs[i]! - level - rootCauses.shiftOf(i));
    rootCauses.fitShifts((i) => logs[i]! - level - specialists.shiftOf(i));
  }

  // How far outcomes scatter around what the level and shifts expect, at the target quantile: the team's, and
  // each group's own relative to it.
  const residuals = new Float64Array(count);
  for (let i = 0; i < count; i += 1)
    residuals[i] = logs[i]! - level - specialists.shiftOf(i) - rootCauses.shiftOf(i);
  const teamSpread = quantile(residuals.slice().sort(), settings.target);
  const ownQuantile = level + teamSpread;
  const prior = Math.log(1 + settings.fallbackMarginShare);
  return {
    settings,
    outcomes: count,
    team: count > 0 ? (count * ownQuantile + PRIOR_OUTCOMES * prior) / (count + PRIOR_OUTCOMES) : prior,
    specialists: specialists.calibrations(residuals, teamSpread, settings.target),
    rootCauses: rootCauses.calibrations(residuals, teamSpread, settings.target),
  };
}

/** The margin to book on top of this work's estimate (0.42 = 42 %). */
export function marginShare(calibration: PromiseCalibration, work: Work = {}): number {
  const specialist = work.specialist ? calibration.specialists[work.specialist] : undefined;
  const rootCause = work.rootCause ? calibration.rootCauses[work.rootCause] : undefined;
  const log =
    calibration.team +
    (specialist ? specialist.shift + specialist.spread : 0) +
    (rootCause ? rootCause.shift + rootCause.spread : 0);
  return Math.min(HIGHEST_MARGIN, Math.max(LOWEST_MARGIN, Math.exp(log) - 1));
}

/** Share of the outcomes the margins of this calibration would have kept: what the target is about. */
export function keptShare(calibration: PromiseCalibration, outcomes: readonly PromiseOutcome[]): number {
  if (outcomes.length === 0) return NaN;
  const kept = outcomes.filter(
    (outcome) => outcome.neededFactor <= 1 + marginShare(calibration, outcome) + 1e-9,
  ).length;
  return kept / outcomes.length;
}

/**
 * The q-quantile of sorted values, counting the next outcome too (as conformal prediction does): the value
 * with rank ⌈q(n + 1)⌉, so that a new outcome falls at or below it at least q of the time. Few values: the
 * largest.
 */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.ceil(q * (sorted.length + 1) - 1e-9));
  return sorted[Math.max(1, rank) - 1]!;
}

/** The outcomes by one key (specialist or root cause), with each group's shift as fitted so far. */
class Grouping {
  private readonly keys: string[] = [];
  private readonly groupOf: Int32Array; // -1: no key
  private readonly members: number[][] = [];
  private readonly shifts: Float64Array;

  constructor(outcomes: readonly PromiseOutcome[], keyOf: (outcome: PromiseOutcome) => string | null) {
    const numbers = new Map<string, number>();
    this.groupOf = new Int32Array(outcomes.length).fill(-1);
    outcomes.forEach((outcome, i) => {
      const key = keyOf(outcome);
      if (key === null) return;
      let group = numbers.get(key);
      if (group === undefined) {
        group = this.keys.length;
        numbers.set(key, group);
        this.keys.push(key);
        this.members.push([]);
      }
      this.members[group]!.push(i);
      this.groupOf[i] = group;
    });
    this.shifts = new Float64Array(this.keys.length);
  }

  shiftOf(i: number): number {
    const group = this.groupOf[i]!;
    return group < 0 ? 0 : this.shifts[group]!;
  }

  /**
   * Each group's mean residual, shrunk toward 0 (the team) as much as groups are found to be alike: by σ²/τ²
   * outcomes, σ² the scatter of outcomes within a group and τ² the variance of the groups' true shifts, which
   * is what the variance of their mean residuals has beyond the noise σ²/n (the method of moments).
   */
  fitShifts(residual: (i: number) => number): void {
    const means = this.members.map((members) => {
      let sum = 0;
      for (const i of members) sum += residual(i);
      return sum / members.length;
    });
    let within = 0;
    let count = 0;
    this.members.forEach((members, group) => {
      for (const i of members) within += (residual(i) - means[group]!) ** 2;
      count += members.length;
    });
    const variance = count > this.members.length ? within / (count - this.members.length) : 0;
    let between = 0;
    this.members.forEach((members, group) => {
      between += members.length * (means[group]! ** 2 - variance / members.length);
    });
    const trueVariance = count > 0 ? between / count : 0;
    const prior =
      trueVariance > 0
        ? Math.min(MOST_SHIFT_PRIOR, Math.max(FEWEST_SHIFT_PRIOR, variance / trueVariance))
        : MOST_SHIFT_PRIOR;
    // A group with few outcomes is taken to be like a typical group, each group weighing by how well its mean is
    // known, not like the outcomes' average, which the busiest (often the fastest) specialists dominate.
    let typicalSum = 0;
    let typicalWeight = 0;
    this.members.forEach((members, group) => {
      const weight = members.length / (members.length + prior);
      typicalSum += weight * means[group]!;
      typicalWeight += weight;
    });
    const typical = typicalWeight > 0 ? typicalSum / typicalWeight : 0;
    this.members.forEach((members, group) => {
      this.shifts[group] = (members.length * means[group]! + prior * typical) / (members.length + prior);
    });
  }

  /** Each group's shift, and its own spread beyond the team's, shrunk toward 0 by GROUP_SPREAD_PRIOR. */
  calibrations(residuals: Float64Array, teamSpread: number, q: number): Record<string, GroupCalibration> {
    return Object.fromEntries(
      this.keys.map((key, group): [string, GroupCalibration] => {
        const members = this.members[group]!;
        const own = new Float64Array(members.length);
        members.forEach((i, k) => (own[k] = residuals[i]!));
        const beyondTeam = quantile(own.sort(), q) - teamSpread;
        return [
          key,
          {
            outcomes: members.length,
            shift: this.shifts[group]!,
            spread: (members.length * beyondTeam) / (members.length + GROUP_SPREAD_PRIOR),
          },
        ];
      }),
    );
  }
}
