// Clients whose promise an emergency moved hear of it exactly once: when the first telling fails, when
// the booking's retry finds the booking already made, and when nobody comes back to tell them at all.
import type { Client } from '@temporalio/client';
import { tellForgottenMoves } from '../../activities/promiseMoves';
import { MINUTE } from '../../domain/policy';
import { eventually } from '../support/eventually';
import { act, openTicket, type OpenedTicket } from '../support/tickets';
import type { CapturedLetter } from '../support/smtpSink';
import { startTestSystem, type TestSystem } from '../support/testSystem';

let system: TestSystem;
let token: string;

// The activities' Temporal client refuses the next `refusals` signals, or every one while `unreachable`.
let refusals = 0;
let unreachable = false;
function withFailingSignals(temporal: Client): Client {
  const getHandle = (workflowId: string) => {
    const handle = temporal.workflow.getHandle(workflowId);
    const signal: typeof handle.signal = async (...args) => {
      if (unreachable || refusals > 0) {
        refusals = Math.max(0, refusals - 1);
        throw new Error('Temporal unreachable (injected by the test)');
      }
      return handle.signal(...args);
    };
    return Object.create(handle, { signal: { value: signal } });
  };
  const workflow = Object.create(temporal.workflow, { getHandle: { value: getHandle } });
  return Object.create(temporal, { workflow: { value: workflow } });
}

beforeAll(async () => {
  system = await startTestSystem(
    {},
    { ackWorkingMs: 30 * MINUTE, emergencyTakeWindowMs: 60 * MINUTE },
    { activityTemporal: withFailingSignals },
  );
  token = await system.addStaff('solo@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

const kindOf = (letter: CapturedLetter) => letter.headers.get('x-triceps-letter');
const lettersOfKind = (ticket: OpenedTicket, kind: string) =>
  system.sink.letters.filter(
    (letter) =>
      letter.to.includes(ticket.client) && letter.subject.includes(ticket.number) && kindOf(letter) === kind,
  );
const waitForKind = (ticket: OpenedTicket, kind: string) =>
  eventually(async () => expect(lettersOfKind(ticket, kind).length).toBeGreaterThan(0), 30_000);
const promisedAt = async (ticket: OpenedTicket): Promise<string> =>
  (await system.api(token, `/api/tickets/${ticket.number}`)).body.promisedAt;

/** A normal request, triaged and promised: planned work in the only specialist's queue. */
async function plannedRequest(): Promise<OpenedTicket> {
  const ticket = await openTicket(system, {
    subject: 'Медленно открывается отчёт',
    text: 'Отчёт открывается минуту.',
  });
  await act(system, token, ticket.number, 'triage', {
    urgency: 'normal',
    rootCause: 'product_defect',
    estimateMinutes: 120,
  });
  await waitForKind(ticket, 'promise');
  return ticket;
}

/** An emergency, triaged: it starts now and pushes the planned queue later. The triage answers once booked. */
async function emergency(): Promise<{ ticket: OpenedTicket; triaged: Promise<unknown> }> {
  const ticket = await openTicket(system, { subject: 'Авария', text: 'Авария! Ничего не работает у всех.' });
  const triaged = act(system, token, ticket.number, 'triage', {
    urgency: 'emergency',
    rootCause: 'product_defect',
    estimateMinutes: 60,
  });
  return { ticket, triaged };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 3000));

test('every client an emergency moved gets one letter with the new date, though the first telling failed', async () => {
  const planned = [await plannedRequest(), await plannedRequest()];
  const promisedBefore = await Promise.all(planned.map(promisedAt));

  refusals = 1;
  const urgent = await emergency();
  await urgent.triaged; // the emergency's booking is done: its retry has told the moves
  for (const ticket of planned) await waitForKind(ticket, 'new_date');
  expect(refusals).toBe(0); // the failure really happened

  const promisedAfter = await Promise.all(planned.map(promisedAt));
  promisedAfter.forEach((after, index) =>
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(promisedBefore[index]!)),
  );
  await settle();
  for (const ticket of planned) expect(lettersOfKind(ticket, 'new_date')).toHaveLength(1);
});

test('a move nobody came back to tell is told once by the sweep', async () => {
  const planned = await plannedRequest();
  const promisedBefore = await promisedAt(planned);

  unreachable = true;
  const urgent = await emergency();
  // The emergency's booking is made and the move recorded, but its telling keeps failing.
  await eventually(async () => {
    const untold = await system.db.query(
      `SELECT 1 FROM promise_moves m JOIN tickets t ON t.id = m.ticket_id
        WHERE t.number = $1 AND m.notified_at IS NULL`,
      [planned.number],
    );
    expect(untold.rowCount).toBe(1);
  });
  expect(lettersOfKind(planned, 'new_date')).toHaveLength(0);

  // The system's sweep, as it runs once the move is a minute old, through a Temporal that answers.
  await tellForgottenMoves(system.db, system.temporal, new Date(Date.now() + 2 * MINUTE));
  await waitForKind(planned, 'new_date');
  expect(Date.parse(await promisedAt(planned))).toBeGreaterThan(Date.parse(promisedBefore));

  await urgent.triaged; // the emergency's retry finds nothing left to tell, so its booking completes
  unreachable = false;
  await settle();
  expect(lettersOfKind(planned, 'new_date')).toHaveLength(1);
});
