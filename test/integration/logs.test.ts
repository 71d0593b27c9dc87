// The log a ticket leaves: every line about it names the ticket and its workflow (`ticket`, `workflowId`), and no
// line carries the client's mail or a staff token. A real ticket goes through intake, triage, a reply and resolution.
import { Writable } from 'node:stream';
import { findTicketByNumber } from '../../db/tickets';
import { eventually } from '../support/eventually';
import { act, openTicket, waitForLetter } from '../support/tickets';
import { startTestSystem, type TestSystem } from '../support/testSystem';

type LogLine = { msg: string; ticket?: string; workflowId?: string; [field: string]: unknown };
const raw: string[] = [];
const lines = (): LogLine[] => raw.map((line) => JSON.parse(line) as LogLine);
let system: TestSystem;
let lead: string;

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  system = await startTestSystem({ LOG_LEVEL: 'debug' }, {}, {}, destination);
  lead = await system.addStaff('lead@netix.example', 'lead');
});

afterAll(async () => {
  await system?.close();
});

test('each line about a ticket carries its number and workflow id; none carries the mail or a token', async () => {
  const requestText = 'Отчёт падает. Пароль от тестовой базы: request-secret-4711';
  const { number, client, receipt } = await openTicket(system, { text: requestText });
  const { workflowId } = (await findTicketByNumber(system.db, number))!;

  const beforeTriage = system.sink.mark();
  expect(
    (
      await act(system, lead, number, 'triage', {
        urgency: 'normal',
        rootCause: 'product_defect',
        estimateMinutes: 60,
      })
    ).status,
  ).toBe(200);
  await waitForLetter(system, { to: client, number, kind: 'promise', after: beforeTriage });
  await system.sendMail({
    from: client,
    subject: `Re: ${receipt.subject}`,
    text: 'More details, in plain ASCII so that the raw mail holds them as they are: reply-secret-0815',
    inReplyTo: receipt.messageId,
    references: [receipt.messageId!],
  });
  const beforeResolving = system.sink.mark();
  await eventually(async () =>
    expect(lines().some((line) => line.msg === 'reply stored' && line.ticket === number)).toBe(true),
  );
  expect((await act(system, lead, number, 'take')).status).toBe(200);
  const resolved = await act(system, lead, number, 'resolve', {
    whatWasFixed: 'resolution-secret-1 fixed',
    how: 'a patch',
    prevention: 'update',
  });
  expect(resolved.status).toBe(200);
  await waitForLetter(system, { to: client, number, kind: 'completion', after: beforeResolving });
  await eventually(async () =>
    expect(
      lines().some(
        (line) => line.msg === 'letter sent' && line.letter === 'completion' && line.ticket === number,
      ),
    ).toBe(true),
  );

  const about = lines().filter(
    (line) => JSON.stringify(line).includes(number) || JSON.stringify(line).includes(workflowId),
  );
  for (const line of about) {
    // The number is allocated with the stored mail, so even the intake's first line carries both.
    expect(line).toMatchObject({ ticket: number, workflowId });
  }
  // The intake's first line names the number allocated with the stored mail; in these tests, whose suites share
  // one Temporal namespace, that number may already name another suite's workflow, and the request moves on.
  expect(lines().some((line) => line.msg === 'request stored' && line.ticket && line.workflowId)).toBe(true);
  expect(about.map((line) => line.msg)).toEqual(
    expect.arrayContaining([
      'ticket registered',
      'letter queued',
      'letter sent',
      'staff action',
      'reply stored',
    ]),
  );
  expect(about.filter((line) => line.msg === 'staff action').map((line) => line.action)).toEqual([
    'triage',
    'take',
    'resolve',
  ]);
  expect(lines().filter((line) => line.ticket !== undefined && line.workflowId === undefined)).toEqual([]);

  const everything = raw.join('\n');
  for (const secret of ['request-secret-4711', 'reply-secret-0815', 'resolution-secret-1', lead])
    expect(everything).not.toContain(secret);
});
