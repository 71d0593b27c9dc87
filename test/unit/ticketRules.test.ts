import { invalidInputFor, wrongStateFor } from '../../domain/ticketRules';

const scheduled = { status: 'scheduled' as const, urgency: 'normal' };

describe('which action is allowed in which state', () => {
  test('a ticket awaiting triage cannot be resolved', () => {
    expect(wrongStateFor('resolve', { status: 'awaiting_triage', urgency: 'normal' }, 'a@x')).toMatch(
      /cannot resolve a ticket that is awaiting_triage/,
    );
  });

  test('only an emergency may be taken before triage', () => {
    expect(wrongStateFor('take', { status: 'awaiting_triage', urgency: 'normal' }, 'a@x')).toMatch(
      /triage the ticket/,
    );
    expect(wrongStateFor('take', { status: 'awaiting_triage', urgency: 'emergency' }, 'a@x')).toBeUndefined();
  });

  test('taking a ticket one already has is refused, taking over from a colleague is not', () => {
    expect(wrongStateFor('take', { ...scheduled, status: 'in_progress', takenBy: 'a@x' }, 'a@x')).toMatch(
      /already taken/,
    );
    expect(
      wrongStateFor('take', { ...scheduled, status: 'in_progress', takenBy: 'b@x' }, 'a@x'),
    ).toBeUndefined();
  });

  test('a refused or closed ticket takes comments but no more work', () => {
    for (const status of ['refused', 'closed'] as const) {
      expect(wrongStateFor('comment', { status, urgency: 'normal' }, 'a@x')).toBeUndefined();
      expect(wrongStateFor('resolve', { status, urgency: 'normal' }, 'a@x')).toBeDefined();
      expect(wrongStateFor('reschedule', { status, urgency: 'normal' }, 'a@x')).toBeDefined();
    }
  });

  test('waiting on the client can end in a resolution but not in another question', () => {
    const waiting = { status: 'waiting_for_client' as const, urgency: 'normal' };
    expect(wrongStateFor('resolve', waiting, 'a@x')).toBeUndefined();
    expect(wrongStateFor('wait-for-client', waiting, 'a@x')).toBeDefined();
  });
});

describe('what each action requires', () => {
  test('triage needs a known urgency, root cause and a positive whole estimate', () => {
    expect(
      invalidInputFor('triage', { urgency: 'normal', rootCause: 'misuse', estimateMinutes: 30 }),
    ).toBeUndefined();
    expect(invalidInputFor('triage', { urgency: 'low', rootCause: 'misuse', estimateMinutes: 30 })).toMatch(
      /^urgency:/,
    );
    expect(invalidInputFor('triage', { urgency: 'high', rootCause: 'aliens', estimateMinutes: 30 })).toMatch(
      /^rootCause:/,
    );
    expect(invalidInputFor('triage', { urgency: 'high', rootCause: 'misuse', estimateMinutes: 0 })).toMatch(
      /^estimateMinutes:/,
    );
    expect(invalidInputFor('triage', { urgency: 'high', rootCause: 'misuse', estimateMinutes: 1.5 })).toMatch(
      /^estimateMinutes:/,
    );
  });

  test('a refusal needs a reason that is not blank', () => {
    expect(invalidInputFor('refuse', { reason: '   ' })).toMatch(/^reason:/);
    expect(invalidInputFor('refuse', { reason: 'Не наш продукт' })).toBeUndefined();
  });

  test('a resolution names what was fixed, how, and how to prevent it', () => {
    expect(invalidInputFor('resolve', { whatWasFixed: 'a', how: 'b' })).toMatch(/^prevention:/);
    expect(invalidInputFor('resolve', { how: 'b', prevention: 'c' })).toMatch(/^whatWasFixed:/);
    expect(invalidInputFor('resolve', { whatWasFixed: 'a', how: 'b', prevention: 'c' })).toBeUndefined();
  });

  test('a resolution may link up to five knowledge-base articles by their ids', () => {
    const resolution = { whatWasFixed: 'a', how: 'b', prevention: 'c' };
    expect(invalidInputFor('resolve', { ...resolution, articleIds: [3, 7] })).toBeUndefined();
    expect(invalidInputFor('resolve', { ...resolution, articleIds: [] })).toBeUndefined();
    expect(invalidInputFor('resolve', { ...resolution, articleIds: 3 })).toMatch(/^articleIds:/);
    expect(invalidInputFor('resolve', { ...resolution, articleIds: ['3'] })).toMatch(/^articleIds:/);
    expect(invalidInputFor('resolve', { ...resolution, articleIds: [0] })).toMatch(/^articleIds:/);
    expect(invalidInputFor('resolve', { ...resolution, articleIds: [1, 2, 3, 4, 5, 6] })).toMatch(
      /^articleIds: a list of at most 5/,
    );
  });

  test('a reschedule gives a reason and either a new effort or a valid new date', () => {
    expect(invalidInputFor('reschedule', { reason: 'x' })).toMatch(/estimateMinutes or promisedAt/);
    expect(invalidInputFor('reschedule', { reason: 'x', promisedAt: 'tomorrow' })).toMatch(/^promisedAt:/);
    expect(
      invalidInputFor('reschedule', { reason: 'x', promisedAt: '2026-12-01T10:00:00+03:00' }),
    ).toBeUndefined();
    expect(invalidInputFor('reschedule', { promisedAt: '2026-12-01T10:00:00+03:00' })).toMatch(/^reason:/);
  });

  test('comments, time and questions need their content', () => {
    expect(invalidInputFor('comment', {})).toMatch(/^text:/);
    expect(invalidInputFor('log-time', { minutes: -5 })).toMatch(/^minutes:/);
    expect(invalidInputFor('wait-for-client', { question: '' })).toMatch(/^question:/);
    expect(invalidInputFor('take', {})).toBeUndefined();
  });
});
