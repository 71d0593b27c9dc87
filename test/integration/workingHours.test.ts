// A support calendar that closes seconds after the test starts and opens again a little later: while a
// reminder waits for working time, the ticket still answers staff and clients at once.
import type { WorkingCalendar } from '../../domain/calendar';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const LEAD = 'lead@netix.example';
const CLOSED_AFTER_MS = 10_000;
const CLOSED_FOR_MS = 15_000;

let system: TestSystem;
let token: string;
let closesAt: Date;
let opensAt: Date;

/** Open all day except [closesAt, opensAt) today, in a zone where it is about noon, so no day boundary is near. */
function calendarClosingSoon(): WorkingCalendar {
  const now = Date.now();
  closesAt = new Date(Math.ceil((now + CLOSED_AFTER_MS) / 1000) * 1000);
  opensAt = new Date(closesAt.getTime() + CLOSED_FOR_MS);
  const offsetHours = 12 - new Date(now).getUTCHours();
  const timeZone =
    offsetHours === 0 ? 'Etc/GMT' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
  const local = (at: Date) => new Date(at.getTime() + offsetHours * 3_600_000).toISOString().slice(11, 19);
  const weekday = (((new Date(now + offsetHours * 3_600_000).getUTCDay() + 6) % 7) + 1) as 1;
  const allDay = [{ start: '00:00', end: '24:00' }];
  const weeklyHours = { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay };
  weeklyHours[weekday] = [
    { start: '00:00', end: local(closesAt) },
    { start: local(opensAt), end: '24:00' },
  ];
  return { timeZone, weeklyHours, holidays: [], workingWeekends: [], shortenedDays: [], timeOff: [] };
}

beforeAll(async () => {
  system = await startTestSystem({}, { calendar: calendarClosingSoon(), ackWorkingMs: 60 * 60_000 });
  token = await system.addStaff('olga@netix.example');
});

afterAll(async () => {
  await system?.close();
});

test('while the overdue escalation waits for opening time, a staff action and a client reply are answered at once', async () => {
  const { number, client, since } = await openTicket(system);
  await act(system, token, number, 'triage', { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 30 });
  // Work promised for the very moment the desk closes, as a booking that ends at close of day is.
  const rescheduled = await act(system, token, number, 'reschedule', {
    reason: 'Срок до конца дня',
    promisedAt: closesAt.toISOString(),
  });
  expect(rescheduled.status).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, closesAt.getTime() - Date.now() + 1500));

  const comment = await act(system, token, number, 'comment', { text: 'Проверяю логи клиента' });
  expect(comment.status).toBe(200);
  const promise = await waitForLetter(system, { to: client, kind: 'promise', number, after: since });
  await system.sendMail({
    from: client,
    subject: `Re: ${promise.subject}`,
    text: 'Прикладываю лог, ошибка повторилась.',
    inReplyTo: promise.messageId,
    references: [promise.messageId!],
  });
  await eventually(async () => {
    const history = (await system.api(token, `/api/tickets/${number}`)).body.history;
    expect(history.map((event: { kind: string }) => event.kind)).toEqual(
      expect.arrayContaining(['comment', 'client_reply']),
    );
  }, 5000);
  // Both were answered while the desk was still closed, and nobody was escalated at night.
  expect(Date.now()).toBeLessThan(opensAt.getTime());
  expect(system.sink.letters.filter((letter) => letter.kind === 'overdue_escalation')).toHaveLength(0);

  const escalation = await waitForLetter(system, {
    to: LEAD,
    kind: 'overdue_escalation',
    number,
    after: since,
    timeoutMs: CLOSED_FOR_MS + 15_000,
  });
  expect(escalation.text).toContain(number);
  expect(Date.now()).toBeGreaterThanOrEqual(opensAt.getTime());
}, 90_000);
