// The cost of the SPF/DKIM/DMARC check that the intake runs before it answers 250 (mail/authentication.ts),
// timed in this process on a mail like the benchmark's: with the system's resolver and with one that answers
// at once, so that the check's own CPU is told apart from waiting for DNS.
import { performance } from 'node:perf_hooks';
import nodemailer from 'nodemailer';
import { authenticateMail, systemResolver, type DnsResolver } from '../mail/authentication';
import { median, quantile } from './stats';

const instantResolver: DnsResolver = async (name) => {
  throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

export interface CheckCost {
  resolver: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  lookups: number; // DNS questions per mail
}

export async function authenticationCost(runs = 200): Promise<CheckCost[]> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const { message } = await transport.sendMail({
    from: 'client1@bench.example',
    to: 'support@triceps.local',
    subject: 'Не формируется отчёт №1',
    text: 'Добрый день!\n\nПри формировании отчёта появляется ошибка E1234.',
  });
  const raw = message as Buffer;
  const source = { clientIp: '127.0.0.1', helo: 'bench.example', mailFrom: 'client1@bench.example' };
  const costs: CheckCost[] = [];
  for (const [name, resolver] of [
    ['system DNS', systemResolver],
    ['answers at once', instantResolver],
  ] as const) {
    let lookups = 0;
    const counting: DnsResolver = (question, rrtype) => {
      lookups++;
      return resolver(question, rrtype);
    };
    await authenticateMail(raw, source, { resolver }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await authenticateMail(raw, source, { resolver: i === 0 ? counting : resolver });
      times.push(performance.now() - started);
    }
    costs.push({ resolver: name, runs, medianMs: median(times), p95Ms: quantile(times, 0.95), lookups });
  }
  return costs;
}
