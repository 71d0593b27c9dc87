// What the Temporal UI shows of a ticket's workflow: its summary line, its details, its current state.
import { workflowDetails, workflowSummary } from '../../mail/workflowSummary';
import { ticketDetails } from '../../workflows/ticketDetails';

test('the summary is the ticket number and the subject on one line', () => {
  expect(workflowSummary('TRC-000123', 'Export\r\n  fails\twith 42')).toBe(
    'TRC-000123 · Export fails with 42',
  );
});

test('a long subject is shortened to 100 characters in the summary', () => {
  const summary = workflowSummary('TRC-000123', 'ы'.repeat(300));
  expect(summary).toBe(`TRC-000123 · ${'ы'.repeat(99)}…`);
  expect(Buffer.byteLength(summary)).toBeLessThan(400);
});

test('a request stored before numbering at intake is summarised by its subject alone', () => {
  expect(workflowSummary(null, '')).toBe('(no subject)');
  expect(workflowSummary(null, 'Export fails')).toBe('Export fails');
});

test('the details name the ticket, the client and when the mail arrived', () => {
  expect(
    workflowDetails({
      ticketNumber: 'TRC-000123',
      fromAddress: 'ivan@client.example',
      subject: 'Export fails',
      receivedAt: new Date('2026-12-01T09:30:00Z'),
    }),
  ).toBe(
    '**Ticket:** TRC-000123\n**Client:** ivan@client.example\n**Received:** 2026-12-01T09:30:00.000Z\n**Subject:** Export fails',
  );
});

test('the current details say the status, urgency, assignee and the promise or the deadline ahead', () => {
  expect(
    ticketDetails({
      number: 'TRC-000123',
      status: 'scheduled',
      urgency: 'high',
      assignee: 'anna@netix.example',
      ackDeadline: '2026-12-01T11:30:00.000Z',
      acknowledgedAt: '2026-12-01T10:00:00.000Z',
      promisedAt: '2026-12-02T15:00:00.000Z',
    }),
  ).toBe(
    '**TRC-000123** · scheduled · urgency high\nAssignee: anna@netix.example\n' +
      'Acknowledged: 2026-12-01T10:00:00.000Z\nPromised: 2026-12-02T15:00:00.000Z',
  );
  expect(
    ticketDetails({
      number: 'TRC-000124',
      status: 'awaiting_triage',
      urgency: 'normal',
      ackDeadline: '2026-12-01T11:30:00.000Z',
      failure: { step: 'deliver the letter receipt', error: 'refused', at: '2026-12-01T10:05:00.000Z' },
    }),
  ).toBe(
    '**TRC-000124** · awaiting_triage · urgency normal\nAssignee: none\nAcknowledge by: 2026-12-01T11:30:00.000Z\n' +
      'Failed step: deliver the letter receipt (2026-12-01T10:05:00.000Z)',
  );
});
