// Pages, reminders and escalations reach the staff who hold the role: leads get the first level, the head
// of support the second; the configured addresses are told besides them, and the built-in ones only stand in.
import { openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

const emergency = {
  subject: 'Авария: база Triceps недоступна',
  text: 'Авария! Ничего не работает, все пользователи остановлены.',
};
const recipientsOf = (letter: { to: string[] }) => [...letter.to].sort();

describe('with a lead and a head on staff and no addresses configured', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(
      { SUPPORT_LEAD_ADDRESS: '', SUPPORT_HEAD_ADDRESS: '' },
      { emergencyTakeWindowMs: 2000, ackWorkingMs: 60 * 60_000 },
    );
    await system.addStaff('lena@netix.example', 'lead');
    await system.addStaff('ivan@netix.example', 'head');
    await system.addStaff('sergey@netix.example', 'specialist');
  });
  afterAll(async () => {
    await system?.close();
  });

  test('an emergency pages the lead and on-call, then escalates to the lead, then to the head', async () => {
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
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem(
      { SUPPORT_LEAD_ADDRESS: '', SUPPORT_HEAD_ADDRESS: '' },
      { emergencyTakeWindowMs: 60_000, ackWorkingMs: 60 * 60_000 },
    );
  });
  afterAll(async () => {
    await system?.close();
  });

  test('the built-in lead address stands in, so the page still reaches someone', async () => {
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
  let system: TestSystem;
  beforeAll(async () => {
    system = await startTestSystem({}, { emergencyTakeWindowMs: 60_000, ackWorkingMs: 60 * 60_000 });
    await system.addStaff('lena@netix.example', 'lead');
  });
  afterAll(async () => {
    await system?.close();
  });

  test('both the lead and the configured address are paged', async () => {
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
