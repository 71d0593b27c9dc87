// What the organisation's contract changes in a ticket's decisions, on the real Moscow support calendar: the
// answer to a request for a call, the callback with the effort of voice work, priority, the contract's own hours.
import { russianCalendar } from '../../domain/calendar';
import {
  acknowledgementCalendar,
  bookingUrgency,
  clientTimeZone,
  voiceEffortMinutes,
  voiceOption,
} from '../../domain/contract';
import { contractOf, type OrganisationContract } from '../../domain/organisations';
import { bookedMinutes, defaultTicketPolicy, type TicketPolicy } from '../../domain/policy';
import { decide, nextAlarm, type Decision, type TicketState } from '../../domain/ticketLifecycle';

import { registeredTicket } from '../support/registeredTicket';
const desk = defaultTicketPolicy({
  timeZone: 'Europe/Moscow',
  defaultLanguage: 'ru',
  leadAddress: 'lead@netix.example',
  headAddress: 'head@netix.example',
  onCallAddresses: [],
});
const organisation = (terms: Partial<OrganisationContract> = {}): OrganisationContract => ({
  id: 5,
  name: 'Акме',
  voiceSupport: false,
  priority: false,
  ...terms,
});
const withVoice: TicketPolicy = { ...desk, organisation: organisation({ voiceSupport: true }) };
const withoutVoice: TicketPolicy = { ...desk, organisation: organisation() };
const noOrganisation: TicketPolicy = { ...desk, organisation: null };
const anna = { email: 'anna@netix.example', name: 'Анна' };
const at = (moscow: string) => new Date(`${moscow}+03:00`);
const triage = (estimateMinutes: number, phoneRequested?: boolean) =>
  ({
    type: 'triage',
    actor: anna,
    urgency: 'normal',
    rootCause: 'misuse',
    estimateMinutes,
    ...(phoneRequested !== undefined && { phoneRequested }),
  }) as const;

function registered(policy: TicketPolicy, phoneRequested: boolean, receivedAt = at('2026-12-07T10:00')) {
  return registeredTicket(policy, receivedAt, {
    urgency: 'normal',
    rootCause: 'misuse',
    phoneRequested,
    reasons: [],
  });
}

/** The booking's result fed back: work starting at `startsAt` and done at `promisedAt`. */
function booked(policy: TicketPolicy, decision: Decision, startsAt: string, promisedAt: string): Decision {
  return decide(
    decision.state,
    {
      type: 'booked',
      order: decision.booking!,
      result: {
        specialist: anna.email,
        startsAt: at(startsAt).toISOString(),
        promisedAt: at(promisedAt).toISOString(),
      },
    },
    policy,
    at('2026-12-07T10:30'),
  );
}

describe('a request for a call', () => {
  test('from an organisation without voice support: the receipt explains that it is a paid service', () => {
    const decision = registered(withoutVoice, true);
    expect(decision.letters[0]).toMatchObject({ kind: 'receipt', params: { voice: 'paid_extra' } });
    expect(decision.history.map((entry) => [entry.kind, entry.details?.option])).toContainEqual([
      'voice_requested',
      'paid_extra',
    ]);
  });

  test('from a client of no organisation: treated as without the option', () => {
    expect(registered(noOrganisation, true).letters[0]!.params).toEqual({ voice: 'paid_extra' });
  });

  test('from an organisation with voice support: the receipt says a callback time will follow', () => {
    expect(registered(withVoice, true).letters[0]!.params).toEqual({ voice: 'callback' });
  });

  test('a request that asks for no call gets the plain receipt', () => {
    expect(registered(withVoice, false).letters[0]!.params).toEqual({});
    expect(registered(withVoice, false).history.map((entry) => entry.kind)).toEqual(['auto_triage']);
  });

  test('a ticket whose policy predates voice support only flags the request, as before', () => {
    const { voiceEffortShare: _share, ...before } = noOrganisation;
    expect(voiceOption(before)).toBeUndefined();
    expect(registered(before, true).letters[0]!.params).toEqual({});
  });
});

describe('the callback of voice support', () => {
  test('is booked with 65 % more effort than the mail estimate, and the promise letter names its time', () => {
    const triaged = decide(registered(withVoice, true).state, triage(60), withVoice, at('2026-12-07T10:30'));
    expect(triaged.booking).toMatchObject({
      purpose: 'promise',
      channel: 'voice',
      effortMinutes: bookedMinutes(withVoice, 99), // 60 × 1.65, then the promise margin
    });
    const promised = booked(withVoice, triaged, '2026-12-07T14:00', '2026-12-08T11:00');
    expect(promised.state.callbackAt).toBe(at('2026-12-07T14:00').toISOString());
    expect(promised.changes.callbackAt).toBe(at('2026-12-07T14:00').toISOString());
    expect(promised.letters[0]).toMatchObject({
      kind: 'promise',
      params: {
        promisedAt: at('2026-12-08T11:00').toISOString(),
        callbackAt: at('2026-12-07T14:00').toISOString(),
      },
    });
    expect(promised.history.map((entry) => entry.kind)).toContain('callback_booked');
  });

  test('an emergency that pushes the work later moves the call to the next working moment and says so', () => {
    const triaged = decide(registered(withVoice, true).state, triage(60), withVoice, at('2026-12-07T10:30'));
    const promised = booked(withVoice, triaged, '2026-12-07T14:00', '2026-12-08T11:00');
    const moved = decide(
      promised.state,
      {
        type: 'promiseMoved',
        cause: 'emergency',
        startsAt: at('2026-12-07T18:00').toISOString(), // the emergency ends at closing time
        promisedAt: at('2026-12-08T14:00').toISOString(),
      },
      withVoice,
      at('2026-12-07T12:00'),
    );
    expect(moved.state.callbackAt).toBe(at('2026-12-08T09:00').toISOString());
    expect(moved.letters[0]).toMatchObject({
      kind: 'new_date',
      params: { callbackAt: at('2026-12-08T09:00').toISOString() },
    });
  });

  test('the extra for voice work is the policy’s number, not the code’s', () => {
    const doubled = { ...withVoice, voiceEffortShare: 1, promiseMarginShare: 0 };
    const triaged = decide(registered(doubled, true).state, triage(60), doubled, at('2026-12-07T10:30'));
    expect(triaged.booking?.effortMinutes).toBe(120);
    expect(voiceEffortMinutes(withVoice, 100)).toBe(165);
  });

  test('without the option the work is booked with the mail estimate and no callback', () => {
    const triaged = decide(
      registered(withoutVoice, true).state,
      triage(60),
      withoutVoice,
      at('2026-12-07T10:30'),
    );
    expect(triaged.booking?.effortMinutes).toBe(bookedMinutes(withoutVoice, 60));
    expect(triaged.booking?.channel).toBeUndefined();
    const promised = booked(withoutVoice, triaged, '2026-12-07T14:00', '2026-12-07T16:00');
    expect(promised.state.callbackAt).toBeUndefined();
    expect(promised.letters[0]!.params).toEqual({ promisedAt: at('2026-12-07T16:00').toISOString() });
  });

  test('a specialist who finds no call is wanted after all re-books the work by mail and tells the client', () => {
    const triaged = decide(registered(withVoice, true).state, triage(60), withVoice, at('2026-12-07T10:30'));
    const promised = booked(withVoice, triaged, '2026-12-07T14:00', '2026-12-08T11:00');
    const byMail = decide(promised.state, triage(60, false), withVoice, at('2026-12-07T11:00'));
    expect(byMail.booking).toMatchObject({ purpose: 'rebook', effortMinutes: bookedMinutes(withVoice, 60) });
    expect(byMail.booking?.channel).toBeUndefined();
    const rebooked = booked(withVoice, byMail, '2026-12-07T14:00', '2026-12-07T16:00');
    expect(rebooked.state.callbackAt).toBeUndefined();
    expect(rebooked.changes.callbackAt).toBeNull();
    expect(rebooked.letters.map((letter) => letter.kind)).toEqual(['new_date']);
  });
});

describe('priority', () => {
  const priority: TicketPolicy = { ...desk, organisation: organisation({ priority: true }) };

  test('a priority organisation’s normal request is booked as high; the ticket’s urgency stays normal', () => {
    const triaged = decide(registered(priority, false).state, triage(60), priority, at('2026-12-07T10:30'));
    expect(triaged.booking?.urgency).toBe('high');
    expect(triaged.state.urgency).toBe('normal');
  });

  test('an emergency stays an emergency, and other organisations’ requests keep their urgency', () => {
    expect(bookingUrgency(priority, 'emergency')).toBe('emergency');
    expect(bookingUrgency(priority, 'high')).toBe('high');
    expect(bookingUrgency(withVoice, 'normal')).toBe('normal');
  });
});

describe('an organisation with working time of its own', () => {
  const vladivostok: TicketPolicy = {
    ...desk,
    organisation: contractOf(
      {
        id: 9,
        name: 'Дальтранс',
        domains: ['daltrans.ru'],
        timeZone: 'Asia/Vladivostok',
        weeklyHours: null,
        voiceSupport: false,
        priority: false,
      },
      russianCalendar(),
    ),
  };

  test('is answered within two of its own working hours, even while the desk in Moscow sleeps', () => {
    // Monday 09:30 in Vladivostok is 02:30 in Moscow.
    const { state } = registered(vladivostok, false, new Date('2026-12-07T09:30:00+10:00'));
    expect(state.ackDeadline).toBe(new Date('2026-12-07T11:30:00+10:00').toISOString());
    // The automatic promise keeps that deadline; the reminder to the lead would wait for the desk's morning.
    expect(nextAlarm(state, vladivostok)).toEqual({
      at: new Date('2026-12-07T11:12:00+10:00').toISOString(),
      event: { type: 'autoPromiseDue' },
    });
  });

  test('its clock stops on the Russian holidays in its own zone: 30 December 17:00 is answered on 11 January', () => {
    const { state } = registered(vladivostok, false, new Date('2026-12-30T17:00:00+10:00'));
    expect(state.ackDeadline).toBe(new Date('2027-01-11T10:00:00+10:00').toISOString());
  });

  test('dates told to its clients are in its zone; the desk’s calendar still books the work', () => {
    expect(clientTimeZone(vladivostok)).toBe('Asia/Vladivostok');
    expect(acknowledgementCalendar(vladivostok).timeZone).toBe('Asia/Vladivostok');
    expect(vladivostok.calendar.timeZone).toBe('Europe/Moscow');
    expect(clientTimeZone(withVoice)).toBeUndefined();
  });

  test('a reopened ticket counts its new deadline in the organisation’s hours too', () => {
    const reopenable: TicketState = {
      ...registered(vladivostok, false, new Date('2026-12-07T09:30:00+10:00')).state,
      status: 'resolved',
      resolvedAt: new Date('2026-12-07T12:00:00+10:00').toISOString(),
    };
    const reply = { type: 'clientReply', inboundMessageId: 2, from: 'a@daltrans.ru', subject: 'Re' } as const;
    const reopened = decide(reopenable, reply, vladivostok, new Date('2026-12-07T17:30:00+10:00'));
    // Half an hour left on Monday in Vladivostok, the rest on Tuesday morning there.
    expect(reopened.state.ackDeadline).toBe(new Date('2026-12-08T10:30:00+10:00').toISOString());
  });
});
