// Clients mailing the desk at once, each over a connection of its own, and what each one's MTA was answered:
// for the fault tests, which count the mails the listener took (250) and those it turned away, and resend those.
import nodemailer from 'nodemailer';

export interface BurstMail {
  from: string;
  messageId: string; // kept on a resend, as an MTA keeps it
  subject: string;
  text: string;
}

/** accepted: 250; temporary: a 4xx reply; permanent: a 5xx reply; unreachable: no listener; cut: lost mid-way. */
export type SendOutcome = 'accepted' | 'temporary' | 'permanent' | 'unreachable' | 'cut';

export interface SentMail extends BurstMail {
  outcome: SendOutcome;
  reply: string; // the server's answer, or the socket error
  answeredAt: number; // Date.now() when the answer came
}

export function burstMails(run: string, count: number, domain = 'faults.example'): BurstMail[] {
  return Array.from({ length: count }, (_, i) => ({
    from: `client${i + 1}.${run}@${domain}`,
    messageId: `<fault-${i + 1}.${run}@${domain}>`,
    subject: `Не проходит проводка №${i + 1}`,
    text: `Проводка ${i + 1} падает с ошибкой при сохранении.`,
  }));
}

export async function sendOne(port: number, mail: BurstMail): Promise<SentMail> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    ignoreTLS: true,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  try {
    const info = await transport.sendMail({ ...mail, to: 'support@triceps.local' });
    return { ...mail, outcome: 'accepted', reply: info.response, answeredAt: Date.now() };
  } catch (error) {
    const { responseCode, message } = error as { responseCode?: number; message: string };
    const outcome: SendOutcome =
      responseCode && responseCode >= 500
        ? 'permanent'
        : responseCode && responseCode >= 400
          ? 'temporary'
          : /ECONNREFUSED/.test(message)
            ? 'unreachable'
            : 'cut';
    return { ...mail, outcome, reply: message, answeredAt: Date.now() };
  } finally {
    transport.close();
  }
}

/**
 * Starts one mail every `spacingMs`, each from its own client; resolves with every answer once all are in.
 * `answered` collects the answers as they come, for a fault to strike in the middle.
 */
export async function sendBurst(
  port: number,
  mails: BurstMail[],
  spacingMs = 50,
  answered: SentMail[] = [],
): Promise<SentMail[]> {
  return Promise.all(
    mails.map(async (mail, i) => {
      await new Promise((resolve) => setTimeout(resolve, i * spacingMs));
      const sent = await sendOne(port, mail);
      answered.push(sent);
      return sent;
    }),
  );
}

/** As senders' MTAs do: tries the mails turned away again until the listener takes each (250). */
export async function resendUntilAccepted(
  port: number,
  mails: BurstMail[],
  timeoutMs = 5 * 60_000,
): Promise<SentMail[]> {
  const deadline = Date.now() + timeoutMs;
  return Promise.all(
    mails.map(async (mail) => {
      for (;;) {
        const sent = await sendOne(port, mail);
        if (sent.outcome === 'accepted' || sent.outcome === 'permanent' || Date.now() > deadline) return sent;
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }),
  );
}

export function countOutcomes(sent: SentMail[]): Record<SendOutcome, number> {
  const counts = { accepted: 0, temporary: 0, permanent: 0, unreachable: 0, cut: 0 };
  for (const mail of sent) counts[mail.outcome]++;
  return counts;
}
