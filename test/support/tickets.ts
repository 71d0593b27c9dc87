// Acting as a client (mail) and as staff (HTTP) on one ticket, for the integration tests.
import type { CapturedLetter } from './smtpSink';
import type { TestSystem } from './testSystem';

export interface OpenedTicket {
  number: string;
  client: string;
  receipt: CapturedLetter;
}

let counter = 0;

/** Sends a client's request over SMTP and waits for the receipt that names its number. */
export async function openTicket(
  system: TestSystem,
  request: { subject?: string; text?: string; from?: string } = {},
): Promise<OpenedTicket> {
  const client = request.from ?? `client${++counter}-${Date.now()}@client.example`;
  await system.sendMail({
    from: client,
    subject: request.subject ?? 'Отчёт не формируется',
    text: request.text ?? 'При формировании отчёта за месяц появляется ошибка 500.',
  });
  const receipt = await system.sink.waitFor(
    (letter) => letter.to.includes(client) && /зарегистрирован|registered/.test(letter.text),
  );
  return { number: /TRC-\d{6}/.exec(receipt.subject)![0], client, receipt };
}

export function act(system: TestSystem, token: string, number: string, action: string, body: object = {}) {
  return system.api(token, `/api/tickets/${number}/${action}`, { body });
}

export function lettersTo(system: TestSystem, address: string, number?: string): CapturedLetter[] {
  return system.sink.letters.filter(
    (letter) => letter.to.includes(address) && (number === undefined || letter.subject.includes(number)),
  );
}

export function waitForLetter(
  system: TestSystem,
  address: string,
  number: string,
  pattern: RegExp,
  timeoutMs?: number,
) {
  return system.sink.waitFor(
    (letter) =>
      letter.to.includes(address) &&
      letter.subject.includes(number) &&
      pattern.test(letter.subject + '\n' + letter.text),
    timeoutMs,
  );
}
