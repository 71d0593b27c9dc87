// The Russian production calendar (производственный календарь) for 2026 and 2027: public holidays,
// transferred days off, working weekends and shortened pre-holiday days, as local dates 'YYYY-MM-DD'.
//
// Sources and what was checked:
// - Labour Code (ТК РФ) art. 112: the holidays Jan 1–8, Feb 23, Mar 8, May 1, May 9, Jun 12, Nov 4; a day off
//   falling on a holiday moves to the next working day, except for the January ones, which the Government
//   places by decree. Art. 95: the working day right before a holiday is one hour shorter.
// - 2026: Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году».
//   Checked against the Government's announcement as reported by TASS (tass.ru/obschestvo/25149527) and
//   RIA Novosti (ria.ru/20250924/mishustin--2044066128.html): Jan 3 → Jan 9, Jan 4 → Dec 31; days off
//   Feb 21–23, Mar 7–9, May 1–3, May 9–11, Jun 12–14, Nov 4. Shortened days (Apr 30, May 8, Jun 11, Nov 3)
//   and the totals (247 working days, 118 days off, 1972 hours at 40 hours a week) checked against TASS
//   (tass.ru/obschestvo/25107697) and the 4dk.ru production calendar. NOT verified: the decree's own text
//   (its number and date come from secondary sources only).
// - 2027: Постановление Правительства РФ от 17.09.2026 № 1187 «О переносе выходных дней в 2027 году»:
//   Jan 2 → Nov 5, Jan 3 → Dec 31, Sat Feb 20 → Mon Feb 22. NOT verified against the decree, consultant.ru,
//   garant.ru or a news report: it was found only in several independent public code repositories that cite
//   consultant.ru and publication.pravo.gov.ru. The rest of 2027 (May 3, May 10, Jun 14 off by art. 112;
//   the shortened days by art. 95) is derived from the Labour Code and agrees with them, as do the totals
//   (247 working days, 118 days off). Without that decree, art. 112 alone would leave Feb 20 a day off,
//   Feb 22, Nov 5 and Dec 31 working days, and Feb 22 and Dec 31 shortened instead of Feb 20.
// Regional holidays (e.g. in Tatarstan or Bashkortostan) are not included.

export interface ProductionCalendarYear {
  readonly year: number;
  /** The non-working public holidays of art. 112, including those that fall on a weekend. */
  readonly holidays: readonly string[];
  /** Weekdays that are days off because a day off was moved onto them. */
  readonly transferredDaysOff: readonly string[];
  /** Saturdays and Sundays that are worked because their day off was moved elsewhere. */
  readonly workingWeekends: readonly string[];
  /** Pre-holiday working days, one hour shorter. */
  readonly shortenedDays: readonly string[];
}

// Art. 112: New Year holidays Jan 1–6 and 8, Christmas Jan 7, Feb 23, Mar 8, May 1, May 9, Jun 12, Nov 4.
const holidayMonthDays =
  '01-01 01-02 01-03 01-04 01-05 01-06 01-07 01-08 02-23 03-08 05-01 05-09 06-12 11-04'.split(' ');
const publicHolidays = (year: number): string[] => holidayMonthDays.map((monthDay) => `${year}-${monthDay}`);

export const productionCalendarRu2026: ProductionCalendarYear = {
  year: 2026,
  holidays: publicHolidays(2026),
  transferredDaysOff: [
    '2026-01-09', // from Saturday Jan 3 (decree)
    '2026-03-09', // from Sunday Mar 8 (art. 112)
    '2026-05-11', // from Saturday May 9 (art. 112)
    '2026-12-31', // from Sunday Jan 4 (decree)
  ],
  workingWeekends: [],
  shortenedDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
};

export const productionCalendarRu2027: ProductionCalendarYear = {
  year: 2027,
  holidays: publicHolidays(2027),
  transferredDaysOff: [
    '2027-02-22', // from Saturday Feb 20 (decree)
    '2027-05-03', // from Saturday May 1 (art. 112)
    '2027-05-10', // from Sunday May 9 (art. 112)
    '2027-06-14', // from Saturday Jun 12 (art. 112)
    '2027-11-05', // from Saturday Jan 2 (decree)
    '2027-12-31', // from Sunday Jan 3 (decree)
  ],
  workingWeekends: ['2027-02-20'],
  shortenedDays: ['2027-02-20', '2027-04-30', '2027-06-11', '2027-11-03'],
};

export const productionCalendarRu: readonly ProductionCalendarYear[] = [
  productionCalendarRu2026,
  productionCalendarRu2027,
];
