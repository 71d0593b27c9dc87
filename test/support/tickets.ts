// Acting as a client (mail) and as staff (HTTP) on one ticket, for the integration tests.
import { formatMoment, type LetterKind } from '../../domain/letters';
import type { Language } from '../../domain/ticket';
import type { CapturedLetter } from './smtpSink';
import type { TestSystem } from './testSystem';

export interface OpenedTicket {
  number: string;
  client: string;
  receipt: CapturedLetter;
  since: number; // the sink's mark before the request was sent: letters the request causes come after it
}

let counter = 0;

/** Sends a client's request over SMTP and waits for the receipt that names its number. */
export async function openTicket(
  system: TestSystem,
  request: { subject?: string; text?: string; from?: string } = {},
): Promise<OpenedTicket> {
  const client = request.from ?? `client${++counter}-${Date.now()}@client.example`;
  const since = system.sink.mark();
  await system.sendMail({
    from: client,
    subject: request.subject ?? 'Отчёт не формируется',
    text: request.text ?? 'При формировании отчёта за месяц появляется ошибка 500.',
  });
  const receipt = await waitForLetter(system, { to: client, kind: 'receipt', after: since });
  return { number: /TRC-\d{6}/.exec(receipt.subject)![0], client, receipt, since };
}

export function act(system: TestSystem, token: string, number: string, action: string, body: object = {}) {
  return system.api(token, `/api/tickets/${number}/${action}`, { body });
}

export function lettersTo(system: TestSystem, address: string, number?: string): CapturedLetter[] {
  return system.sink.letters.filter(
    (letter) => letter.to.includes(address) && (number === undefined || letter.subject.includes(number)),
  );
}

/** Which letters an address got about a ticket, in the order they arrived. */
export function letterKinds(
  system: TestSystem,
  address: string,
  number?: string,
): (LetterKind | undefined)[] {
  return lettersTo(system, address, number).map((letter) => letter.kind);
}

/** A moment as our letters print it, to check that a letter names the date the ticket holds. */
export function asWritten(system: TestSystem, at: string, language: Language = 'ru'): string {
  return formatMoment(new Date(at), { language, timeZone: system.config.support.timeZone });
}

export interface WantedLetter {
  to: string;
  kind: LetterKind;
  number?: string;
  after: number; // system.sink.mark() taken before the action that sends the letter
  timeoutMs?: number;
}

/** Waits for a new letter of a kind to an address (about a ticket); letters before `after` never count. */
export function waitForLetter(system: TestSystem, wanted: WantedLetter): Promise<CapturedLetter>;
/** The older form, by a pattern on subject and text: only letters arriving after the call count. */
export function waitForLetter(
  system: TestSystem,
  address: string,
  number: string,
  pattern: RegExp,
  timeoutMs?: number,
): Promise<CapturedLetter>;
export function waitForLetter(
  system: TestSystem,
  wanted: WantedLetter | string,
  number?: string,
  pattern?: RegExp,
  timeoutMs?: number,
): Promise<CapturedLetter> {
  if (typeof wanted === 'string') {
    return system.sink.waitFor(
      (letter) =>
        letter.to.includes(wanted) &&
        letter.subject.includes(number!) &&
        pattern!.test(letter.subject + '\n' + letter.text),
      { after: system.sink.mark(), timeoutMs },
    );
  }
  return system.sink.waitFor(
    (letter) =>
      letter.kind === wanted.kind &&
      letter.to.includes(wanted.to) &&
      (wanted.number === undefined || letter.subject.includes(wanted.number)),
    { after: wanted.after, timeoutMs: wanted.timeoutMs },
  );
}
