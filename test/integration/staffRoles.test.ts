// Pages, reminders and escalations reach the staff who hold the role: leads get the first level, the head
// of support the second; the configured addresses are told besides them, and the built-in ones only stand in.
import { openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const emergency = {
  subject: 'Авария: база Triceps недоступна',
  text: 'Авария! Ничего не работает, все пользователи остановлены.',
};
const recipientsOf = (letter: { to: string[] }) => [...letter.to].sort();
const noAddressesConfigured = { SUPPORT_LEAD_ADDRESS: '', SUPPORT_HEAD_ADDRESS: '' };

/** A system for the enclosing describe, with these staff members on it. */
function systemWith(
  env: Record<string, string>,
  emergencyTakeWindowMs: number,
  staff: [string, 'lead' | 'head' | 'specialist'][],
): () => TestSystem {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(env, { emergencyTakeWindowMs, ackWorkingMs: 60 * 60_000 });
    for (const [email, role] of staff) await system.addStaff(email, role);
  });
  afterAll(async () => {
    await system?.close();
  });
  return () => system;
}

describe('with a lead and a head on staff and no addresses configured', () => {
  const running = systemWith(noAddressesConfigured, 2000, [
    ['lena@netix.example', 'lead'],
    ['ivan@netix.example', 'head'],
    ['sergey@netix.example', 'specialist'],
  ]);

  test('an emergency pages the lead and on-call, then escalates to the lead, then to the head', async () => {
    const system = running();
    const { number, since } = await openTicket(system, emergency);
    const page = await waitForLetter(system, {
      to: 'lena@netix.example',
      kind: 'emergency_page',
      number,
      after: since,
    });
    expect(recipientsOf(page)).toEqual(['lena@netix.example', 'oncall@netix.example']);
    const first = await waitForLetter(system, {
      to: 'lena@netix.example',
      kind: 'emergency_escalation',
      number,
      after: since,
    });
    expect(recipientsOf(first)).toEqual(['lena@netix.example']);
    const second = await waitForLetter(system, {
      to: 'ivan@netix.example',
      kind: 'emergency_escalation',
      number,
      after: since,
    });
    expect(recipientsOf(second)).toEqual(['ivan@netix.example']);
    expect(system.sink.letters.some((letter) => letter.to.some((to) => to.endsWith('@triceps.local')))).toBe(
      false,
    );
  });
});

describe('with nobody holding the role', () => {
  const running = systemWith(noAddressesConfigured, 60_000, []);

  test('the built-in lead address stands in, so the page still reaches someone', async () => {
    const system = running();
    const { number, since } = await openTicket(system, emergency);
    const page = await waitForLetter(system, {
      to: 'lead@triceps.local',
      kind: 'emergency_page',
      number,
      after: since,
    });
    expect(recipientsOf(page)).toEqual(['lead@triceps.local', 'oncall@netix.example']);
  });
});

describe('with a lead on staff and SUPPORT_LEAD_ADDRESS configured', () => {
  const running = systemWith({}, 60_000, [['lena@netix.example', 'lead']]);

  test('both the lead and the configured address are paged', async () => {
    const system = running();
    const { number, since } = await openTicket(system, emergency);
    const page = await waitForLetter(system, {
      to: 'lena@netix.example',
      kind: 'emergency_page',
      number,
      after: since,
    });
    expect(recipientsOf(page)).toEqual(['lead@netix.example', 'lena@netix.example', 'oncall@netix.example']);
  });
});
