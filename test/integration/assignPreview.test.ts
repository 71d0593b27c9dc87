// A lead previews moving a ticket to another specialist: the date the client would be told, nothing written.
import { bookedMinutes, MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { addSpecialistAway } from '../support/specialists';
import { act, asWritten, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let lead: string;

beforeAll(async () => {
  system = await startTestSystem({}, { ackWorkingMs: 600 * MINUTE, autoPromiseShare: 0.99 });
  lead = await system.addStaff('lead@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

/** Everything an assign writes: bookings, promises, moves, the ticket's row and history, letters. */
async function writtenState() {
  const tables = ['bookings', 'promises', 'promise_moves', 'tickets', 'ticket_events', 'letters'];
  return Object.fromEntries(
    await Promise.all(
      tables.map(async (table) => [
        table,
        (await system.db.query(`SELECT * FROM ${table} ORDER BY id`)).rows,
      ]),
    ),
  );
}

test('the preview shows the date the assign then gives, and writes nothing', async () => {
  const ticket = await openTicket(system, { subject: 'Отчёт по складу пустой' });
  const triaged = await act(system, lead, ticket.number, 'triage', {
    urgency: 'normal',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  expect(triaged.body.assignee).toBe('lead@netix.example');
  // Olga is away for three hours: her calendar can take the work only after that.
  const back = await addSpecialistAway(system, lead, 'olga@netix.example', 3);

  await eventually(async () => {
    // The promise letter is out and recorded: nothing else is under way when the preview is asked.
    expect((await system.api(lead, `/api/tickets/${ticket.number}`)).body.acknowledgedAt).not.toBeNull();
  });
  const before = await writtenState();
  const mark = system.sink.mark();
  const preview = await system.api(
    lead,
    `/api/tickets/${ticket.number}/assign-preview?specialist=olga@netix.example`,
  );
  expect(preview.status).toBe(200);
  // The hour and the fixed margin: nothing resolved yet for the calibration to learn from.
  const promisedAt = new Date(
    back.getTime() + bookedMinutes(system.config.policy, 60) * MINUTE,
  ).toISOString();
  expect(preview.body).toEqual({
    ticket: ticket.number,
    specialist: 'olga@netix.example',
    startsAt: expect.any(String), // the booking opens now and spans her time off
    endsAt: promisedAt,
    promisedAt,
    currentPromisedAt: triaged.body.promisedAt,
    displacedTickets: 0,
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect(await writtenState()).toEqual(before);
  expect(system.sink.letters.slice(mark)).toEqual([]);

  const assigned = await act(system, lead, ticket.number, 'assign', { specialist: 'olga@netix.example' });
  expect(assigned.body).toMatchObject({
    assignee: 'olga@netix.example',
    promisedAt: preview.body.promisedAt,
  });
  const newDate = await waitForLetter(system, {
    to: ticket.client,
    number: ticket.number,
    kind: 'new_date',
    after: mark,
  });
  expect(newDate.text).toContain(asWritten(system, preview.body.promisedAt));
});

test('the preview refuses what assign refuses', async () => {
  const ticket = await openTicket(system, { subject: 'Не открывается справочник' });
  const untriaged = await system.api(
    lead,
    `/api/tickets/${ticket.number}/assign-preview?specialist=lead@netix.example`,
  );
  expect(untriaged.status).toBe(409);
  expect(untriaged.body.detail).toMatch(/cannot assign a ticket that is awaiting_triage/);
  expect(
    (await act(system, lead, ticket.number, 'assign', { specialist: 'lead@netix.example' })).status,
  ).toBe(409);

  const stranger = await system.api(
    lead,
    `/api/tickets/${ticket.number}/assign-preview?specialist=nobody@netix.example`,
  );
  expect(stranger.status).toBe(422);
  expect(stranger.body.errors).toEqual([
    { field: 'specialist', rule: expect.stringContaining('nobody@netix.example is not on staff') },
  ]);
  expect((await system.api(lead, `/api/tickets/${ticket.number}/assign-preview`)).status).toBe(422);
  expect(
    (await system.api(lead, '/api/tickets/TRC-999999/assign-preview?specialist=lead@netix.example')).status,
  ).toBe(404);
});
