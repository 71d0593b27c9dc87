// A capturing SMTP sink for the intake benchmark: notes when each letter's DATA has been fully received, per
// recipient, and which of our letters it is (X-Triceps-Letter), without parsing the rest of the mail.
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  to: string;
  kind: string;
  at: number; // performance.now()
}

export interface ReceiptSink {
  url: string;
  arrivals: Arrival[];
  /** The first receipt that reached each address. */
  firstReceipts(): Map<string, number>;
  close(): Promise<void>;
}

export async function startReceiptSink(port = 0): Promise<ReceiptSink> {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const at = performance.now();
        const kind = /^X-Triceps-Letter:\s*(\S+)/im.exec(head)?.[1] ?? '?';
        for (const recipient of session.envelope.rcptTo)
          arrivals.push({ to: recipient.address.toLowerCase(), kind, at });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const listening = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${listening}`,
    arrivals,
    firstReceipts() {
      const first = new Map<string, number>();
      for (const arrival of arrivals)
        if (arrival.kind === 'receipt' && !first.has(arrival.to)) first.set(arrival.to, arrival.at);
      return first;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Waits until each client has had a receipt, or none came for `quietMs`; tells `progress` how many have one
 * whenever that changes.
 */
export async function awaitReceipts(
  sink: ReceiptSink,
  clients: readonly string[],
  quietMs = 60_000,
  progress?: (got: number) => void,
): Promise<void> {
  let [seen, quietSince] = [-1, performance.now()];
  for (;;) {
    const receipts = sink.firstReceipts();
    const got = clients.filter((client) => receipts.has(client)).length;
    if (got !== seen) {
      [seen, quietSince] = [got, performance.now()];
      progress?.(got);
    }
    if (got === clients.length || performance.now() - quietSince > quietMs) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
