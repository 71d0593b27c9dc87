// Failure is bounded and visible: what no retry can fix fails at once, the ticket shows it, the leads are
// told, and the rest of the desk goes on.
import type { temporal } from '@temporalio/proto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { permanentFailureTypes } from '../../domain/failures';
import { eventually } from '../support/eventually';
import { recordHistory } from '../support/histories';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';
import { createMailer } from '../../mail/mailer';

const LEAD = 'lead@netix.example';
const triage = { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 60 };

let system: TestSystem;
let token: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 60 * 60_000 });
  token = await system.addStaff('nina@netix.example');
});

afterAll(async () => {
  await system?.close();
});

test('a promise the relay refuses for good is tried once, shows on the ticket, and the lead is told', async () => {
  const { number, client, since } = await openTicket(system);
  system.sink.refuse(client); // the client's mailbox stopped existing
  expect((await act(system, token, number, 'triage', triage)).status).toBe(200);

  const notice = await waitForLetter(system, { to: LEAD, kind: 'step_failed', number, after: since });
  expect(notice.text).toContain('550');
  const ticket = await eventually(async () => {
    const view = (await system.api(token, `/api/tickets/${number}`)).body;
    expect(view.failure).toMatchObject({ step: expect.stringMatching(/^deliver the letter promise-/) });
    return view;
  });
  expect(ticket.failure.error).toContain('550');
  expect(ticket.status).toBe('scheduled');
  expect(ticket.history.map((event: { kind: string }) => event.kind)).toContain('step_failed');
  const promise = ticket.letters.find((letter: { kind: string }) => letter.kind === 'promise');
  expect(promise).toMatchObject({ attempts: 1, sentAt: null });

  // The ticket itself goes on: staff still act on it.
  expect((await act(system, token, number, 'take')).body.status).toBe('in_progress');
  await recordHistory(system, number, 'step-failed-letter-refused');
});

test('while one ticket has failed, another client gets their promise as usual', async () => {
  const { number, client, since } = await openTicket(system);
  await act(system, token, number, 'triage', triage);
  const promise = await waitForLetter(system, { to: client, kind: 'promise', number, after: since });
  expect(promise.subject).toContain(number);
  expect((await system.api(token, `/api/tickets/${number}`)).body.failure).toBeNull();
});

test('every step the workflow schedules has a bound, and programming errors are never retried', async () => {
  const { number } = await openTicket(system);
  const row = await system.db.query('SELECT workflow_id FROM tickets WHERE number = $1', [number]);
  const history = await system.temporal.workflow.getHandle(row.rows[0].workflow_id).fetchHistory();
  const events = history.events ?? [];
  // The short database steps run as local activities: their options are the workflow's, not in the history.
  expect(localActivityTypes(events)).toEqual(
    expect.arrayContaining(['registerTicket', 'saveTicket', 'queueLetter']),
  );
  const scheduled = events
    .map((event) => event.activityTaskScheduledEventAttributes)
    .filter((attributes) => !!attributes);
  expect(scheduled.map((attributes) => attributes!.activityType?.name)).toContain('deliverLetter');
  for (const attributes of scheduled) {
    expect(Number(attributes!.scheduleToCloseTimeout?.seconds ?? 0)).toBeGreaterThan(0);
    expect(attributes!.retryPolicy?.nonRetryableErrorTypes).toEqual(
      expect.arrayContaining(permanentFailureTypes),
    );
  }
});

test('a letter asked for without what it needs fails as LetterParamsError, a type the workflow never retries', async () => {
  const { number } = await openTicket(system);
  const ticket = await system.db.query('SELECT id FROM tickets WHERE number = $1', [number]);
  const mailer = createMailer({ relayUrl: system.sink.url, outboxDir: '/nonexistent' });
  const activities = createActivities({
    db: system.db,
    mailer,
    letters: {
      supportAddress: system.config.support.address,
      timeZone: system.config.support.timeZone,
      automaticLettersPerHour: 5,
      staffAddresses: system.config.support.staffAddresses,
    },
  });
  const failure = new MockActivityEnvironment().run(activities.queueLetter, {
    ticketId: Number(ticket.rows[0].id),
    letterKey: 'new_date-999',
    kind: 'new_date' as const,
    params: {},
  });
  await expect(failure).rejects.toMatchObject({ name: 'LetterParamsError' });
  expect(permanentFailureTypes).toContain('LetterParamsError');
  mailer.close();
});

/** The activity types of the local activities a history records, from their markers. */
function localActivityTypes(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events
    .map((event) => event.markerRecordedEventAttributes)
    .filter((marker) => marker?.markerName === 'core_local_activity')
    .map((marker) => {
      const payload = marker!.details?.data?.payloads?.[0]?.data;
      return (JSON.parse(Buffer.from(payload ?? []).toString('utf8')) as { activity_type: string })
        .activity_type;
    });
}
