// The floor pipeline as one process: an SMTP listener that stores each raw mail with one INSERT and starts a
// workflow before it answers 250, and a worker for that workflow on its own task queue. Run by bench/intake.ts:
//   node -r ./bench/register.js bench/floor/main.ts   (env: DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL, SMTP_PORT)
import type { Readable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { floorActivities } from './activities';
import { floorReceipt } from './workflow';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const taskQueue = 'bench-floor';

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  const db = new Pool({ connectionString: env('DATABASE_URL'), max: 10 });
  await db.query(`CREATE TABLE IF NOT EXISTS floor_mail (
    id bigserial PRIMARY KEY, mail_from text NOT NULL, raw bytea NOT NULL, received_at timestamptz NOT NULL DEFAULT now())`);
  await db.query('CREATE SEQUENCE IF NOT EXISTS floor_number');
  const address = env('TEMPORAL_ADDRESS');
  const client = new Client({ connection: await Connection.connect({ address }) });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath: require.resolve('./workflow'),
    activities: floorActivities(db, env('SMTP_URL')),
  });
  const running = worker.run();

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const { rows } = await db.query<{ id: string }>(
            'INSERT INTO floor_mail (mail_from, raw) VALUES ($1, $2) RETURNING id',
            [from, raw],
          );
          const mailId = Number(rows[0]!.id);
          const subject = /^Subject: (.*)$/im.exec(raw.toString('latin1'))?.[1] ?? '';
          await client.workflow.start(floorReceipt, {
            workflowId: `floor-${mailId}`,
            taskQueue,
            args: [{ mailId, client: from, subject }],
          });
          callback();
        })
        .catch((error: Error) =>
          callback(Object.assign(new Error(`4.3.0 ${error.message}`), { responseCode: 451 })),
        );
    },
  });
  await new Promise<void>((resolve) => server.listen(Number(env('SMTP_PORT')), '127.0.0.1', resolve));
  process.stdout.write('floor ready\n');

  const stop = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    worker.shutdown();
    await running;
    await db.end();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
