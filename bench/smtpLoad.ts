// Sends client mails over SMTP, each from its own address on a new connection, either at a set rate (open loop:
// mail i leaves at i / rate seconds whatever the answers) or from a set number of parallel senders (a burst).
// Notes for each mail when its DATA was answered 250, and counts 4xx/5xx answers. The letters are one short
// Russian request unless the caller writes them; a 4xx can be sent again later, as a sending MTA would.
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';

export type Load =
  { kind: 'rate'; rate: number; count: number } | { kind: 'burst'; concurrency: number; count: number };

/** The i-th client's letter (0-based). */
export type LetterWriter = (i: number) => { subject: string; text: string };

const shortRequest: LetterWriter = (i) => ({
  subject: `Не формируется отчёт №${i + 1}`,
  text: `Добрый день!\n\nПри формировании отчёта ${i + 1} появляется ошибка E1234.\n\nС уважением,\nИван Петров`,
});

export interface SendOptions {
  letter?: LetterWriter;
  /** After a 4xx, send the same mail (same Message-ID) again this much later, up to 5 times; unset: never. */
  retryTemporaryAfterMs?: number;
}

export interface SentMail {
  client: string;
  started: number; // connection opened, performance.now()
  accepted?: number; // the 250 after DATA
  refusal?: number; // the SMTP answer code of a 4xx/5xx
  error?: string; // no answer at all (connection refused, reset)
  attempts: number;
}

export function describeLoad(load: Load): string {
  return load.kind === 'rate'
    ? `${load.rate} mails/s × ${load.count}`
    : `burst, ${load.concurrency} senders × ${load.count}`;
}

export async function sendLoad(
  port: number,
  load: Load,
  label: string,
  options: SendOptions = {},
): Promise<SentMail[]> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  const letter = options.letter ?? shortRequest;
  const sent: SentMail[] = [];
  const send = async (i: number) => {
    const client = `client${i + 1}.${label}@bench.example`;
    const mail: SentMail = { client, started: performance.now(), attempts: 0 };
    sent.push(mail);
    for (;;) {
      mail.attempts++;
      try {
        await transport.sendMail({
          from: client,
          to: 'support@triceps.local',
          ...letter(i),
          messageId: `<${label}.${i + 1}@bench.example>`,
        });
        mail.accepted = performance.now();
        mail.refusal = undefined;
        return;
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        if (code && code >= 400) mail.refusal = code;
        else mail.error = (error as Error).message;
        const temporary = code !== undefined && code >= 400 && code < 500;
        if (!temporary || options.retryTemporaryAfterMs === undefined || mail.attempts > 5) return;
        await new Promise((resolve) => setTimeout(resolve, options.retryTemporaryAfterMs));
      }
    }
  };
  if (load.kind === 'rate') {
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < load.count; i++) {
      const wait = start + (i * 1000) / load.rate - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(send(i));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    const sender = async () => {
      while (next < load.count) await send(next++);
    };
    await Promise.all(Array.from({ length: load.concurrency }, sender));
  }
  transport.close();
  return sent;
}
