// `npm run bench:search`: search over the written record on a desk's years of mail. Seeds 100,000 tickets with
// 500,000 messages of Russian and English text (requests, client replies, our letters) in bulk through SQL,
// indexes them as the triggers would, then times a fixed set of typical queries through the product's own
// search (db/search.ts) and list filter (db/tickets.ts), and the old ILIKE over subject and summary beside them.
// Creates and drops its own database on TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
// Prints figures, asserts nothing.
import { performance } from 'node:perf_hooks';
import { migrate } from '../db/migrate';
import { createPool, type Database } from '../db/pool';
import { searchRecord } from '../db/search';
import { listTickets } from '../db/tickets';
import { createTestDatabase } from '../test/support/testSystem';
import {
  CODES,
  ENGLISH,
  ENGLISH_OBJECTS,
  GREETINGS,
  OBJECTS,
  QUERIES,
  RUSSIAN,
  SIGNATURES,
  SUBJECTS,
} from './deskText';
import { fixed, quantile, table } from './stats';

export interface SearchBench {
  tickets: number;
  replies: number; // client replies joined to tickets
  letters: number; // our letters; requests + replies + letters = the messages
  runs: number; // timed runs of each query, after one warm-up
  seed: number;
}

export const defaultSearchBench: SearchBench = {
  tickets: 100_000,
  replies: 250_000,
  letters: 150_000,
  runs: 10,
  seed: 0.42,
};

const SEEDING_SQL = `
CREATE FUNCTION bench_pick(items text[], skew float8) RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT items[1 + floor(power(random(), skew) * array_length(items, 1))::int]
$$;
CREATE FUNCTION bench_sentence(russian text[], english text[], objects text[], english_objects text[], codes text[])
RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT replace(replace(replace(replace(
           CASE WHEN random() < 0.8 THEN bench_pick(russian, 1.4) ELSE bench_pick(english, 1.2) END,
           '{obj}', bench_pick(objects, 1.6)),
           '{eobj}', bench_pick(english_objects, 1.3)),
           '{code}', CASE WHEN random() < 0.7 THEN bench_pick(codes, 2.0)
                          ELSE 'ORA-' || lpad((floor(random() * 99999))::int::text, 5, '0') END),
           '{ticket}', 'TRC-' || lpad((1 + floor(random() * 100000))::int::text, 6, '0'))
$$;
CREATE FUNCTION bench_text(sentences int, greetings text[], signatures text[], russian text[], english text[],
                           objects text[], english_objects text[], codes text[])
RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT bench_pick(greetings, 1) || E'\\n\\n'
      || (SELECT string_agg(bench_sentence(russian, english, objects, english_objects, codes), ' ')
            FROM generate_series(1, sentences))
      -- a rare word: a server, a file or an article number only a few messages name
      || CASE WHEN random() < 0.3 THEN ' Сервер srv-app-' || floor(random() * 5000)::int
                || ', файл otchet_' || floor(random() * 20000)::int || '.xlsx.' ELSE '' END
      || E'\\n\\n' || bench_pick(signatures, 1)
$$;
`;

const textArgs = [GREETINGS, SIGNATURES, RUSSIAN, ENGLISH, OBJECTS, ENGLISH_OBJECTS, CODES];
const TEXT = (sentences: string) => `bench_text(${sentences}, $1, $2, $3, $4, $5, $6, $7)`;

async function seed(db: Database, options: SearchBench): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('SELECT setseed($1)', [options.seed]);
    await client.query(SEEDING_SQL);
    // Bulk load: the search rows are built below in one pass, as the migration's backfill builds them.
    await client.query("SET session_replication_role = 'replica'");
    await client.query(
      `INSERT INTO inbound_messages (id, message_key, raw, size_bytes, from_address, to_addresses, subject,
                                     received_at, workflow_id, handed_off_at, body_text)
       SELECT g, 'request-' || g, '\\x', 0, 'client' || (g % 20000) || '@' || (ARRAY['romashka.ru', 'vector.com', 'lotos.org'])[1 + g % 3],
              ARRAY['support@netix.ru'], bench_pick($8, 1.3), at, 'request-' || g, at, ${TEXT('2 + floor(random() * 5)::int')}
         FROM generate_series(1, $9::int) AS g,
              LATERAL (SELECT timestamptz '2023-01-01' + (g * interval '15 minutes') AS at) AS t`,
      [...textArgs, SUBJECTS, options.tickets],
    );
    await client.query(
      `INSERT INTO tickets (id, number, workflow_id, source_message_id, client_email, subject, summary, language,
                            status, received_at)
       SELECT m.id, 'TRC-' || lpad(m.id::text, 6, '0'), m.workflow_id, m.id, m.from_address, m.subject,
              left(m.body_text, 4000), 'ru', (ARRAY['closed', 'closed', 'closed', 'resolved', 'scheduled', 'awaiting_triage'])[1 + m.id % 6],
              m.received_at
         FROM inbound_messages m`,
    );
    await client.query(
      `INSERT INTO inbound_messages (id, message_key, raw, size_bytes, from_address, to_addresses, subject,
                                     received_at, workflow_id, handed_off_at, body_text, reply_to_ticket_id)
       SELECT $9::int + g, 'reply-' || g, '\\x', 0, t.client_email, ARRAY['support@netix.ru'], 'Re: ' || t.subject,
              t.received_at + (g % 7 + 1) * interval '3 hours', t.workflow_id, now(),
              ${TEXT('1 + floor(random() * 3)::int')}, t.id
         FROM generate_series(1, $8::int) AS g
         JOIN tickets t ON t.id = 1 + (g::bigint * 7919) % $9::int`,
      [...textArgs, options.replies, options.tickets],
    );
    await client.query(
      `INSERT INTO letters (ticket_id, letter_key, kind, recipients, subject, body_text, message_id, created_at, sent_at)
       SELECT t.id, 'letter-' || g, k.kind, ARRAY[t.client_email], '[' || t.number || '] ' || t.subject,
              k.body || E'\\n\\n' || bench_sentence($1, $2, $3, $4, $5) || E'\\n\\nСлужба поддержки Netix',
              '<' || t.number || '.letter-' || g || '@netix.ru>', t.received_at + interval '1 hour',
              t.received_at + interval '1 hour'
         FROM generate_series(1, $6::int) AS g
         JOIN tickets t ON t.id = 1 + (g::bigint * 104729) % $7::int
         CROSS JOIN LATERAL (SELECT (ARRAY['receipt', 'promise', 'completion'])[1 + g % 3] AS kind) AS chosen
         CROSS JOIN LATERAL (SELECT chosen.kind, CASE chosen.kind
              WHEN 'receipt' THEN 'Ваше обращение ' || t.number || ' зарегистрировано. Мы ответим в течение двух рабочих часов.'
              WHEN 'promise' THEN 'Специалист выполнит работу по обращению ' || t.number || ' к назначенному сроку.'
              ELSE 'Работа по обращению ' || t.number || ' завершена. Что исправлено, как и как избежать повторения:' END AS body) AS k`,
      [RUSSIAN, ENGLISH, OBJECTS, ENGLISH_OBJECTS, CODES, options.letters, options.tickets],
    );
    await client.query("SET session_replication_role = 'origin'");
    await client.query(`SELECT setval('ticket_number_seq', $1)`, [options.tickets]);
    await client.query(`SELECT setval('inbound_messages_id_seq', $1)`, [options.tickets + options.replies]);
    await client.query(`SELECT setval('tickets_id_seq', $1)`, [options.tickets]);
  } finally {
    client.release();
  }
}

/** Builds the search rows in two halves at once (two cores), as the triggers would, then the GIN index. */
async function index(db: Database): Promise<void> {
  await db.query('DROP INDEX search_tickets_document');
  const half = (parity: number) =>
    db.query(
      `INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
       SELECT t.id, 'subject', t.id, t.received_at, t.subject, search_vector(t.subject, 'A', t.client_email, t.number)
         FROM tickets t WHERE t.id % 2 = $1
       UNION ALL
       SELECT t.id, 'mail', m.id, m.received_at, search_body(m.body_text),
              search_vector(search_body(m.body_text), 'B', m.from_address, t.number)
         FROM inbound_messages m
         JOIN tickets t ON t.id = coalesce(m.reply_to_ticket_id, m.id)
        WHERE m.id % 2 = $1
       UNION ALL
       SELECT l.ticket_id, 'letter', l.id, l.created_at, search_body(l.subject || E'\\n\\n' || l.body_text),
              search_vector(search_body(l.subject || E'\\n\\n' || l.body_text), 'C', array_to_string(l.recipients, ' '), t.number)
         FROM letters l JOIN tickets t ON t.id = l.ticket_id WHERE l.id % 2 = $1`,
      [parity],
    );
  await Promise.all([half(0), half(1)]);
  const tickets = (parity: number) =>
    db.query(
      `INSERT INTO search_tickets (ticket_id, document)
       SELECT ticket_id, search_vector_agg(document ORDER BY id) FROM search_documents
        WHERE ticket_id % 2 = $1 GROUP BY ticket_id`,
      [parity],
    );
  await Promise.all([tickets(0), tickets(1)]);
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query('CREATE INDEX search_tickets_document ON search_tickets USING gin (document)');
  await db.query('VACUUM ANALYZE');
}

interface Timing {
  query: string;
  hits: number;
  search: number[];
  list: number[];
  ilike: number[];
  ilikeHits: number;
}

async function timed<T>(work: () => Promise<T>, into: number[]): Promise<T> {
  const started = performance.now();
  const result = await work();
  into.push(performance.now() - started);
  return result;
}

/** The ticket list's q before this search: ILIKE over the subject and the request's summary. */
const oldIlike = (db: Database, q: string) =>
  db.query(
    `SELECT t.* FROM tickets t WHERE (t.subject || ' ' || t.summary) ILIKE $1 ORDER BY t.id DESC LIMIT 50`,
    [`%${q}%`],
  );

async function measure(db: Database, options: SearchBench): Promise<Timing[]> {
  const timings: Timing[] = [];
  for (const query of QUERIES) {
    const timing: Timing = { query, hits: 0, search: [], list: [], ilike: [], ilikeHits: 0 };
    await searchRecord(db, query, { limit: 20 }); // warm-up
    for (let run = 0; run < options.runs; run++) {
      timing.hits = (await timed(() => searchRecord(db, query, { limit: 20 }), timing.search)).length;
      await timed(() => listTickets(db, { q: query, limit: 50, offset: 0 }), timing.list);
    }
    for (let run = 0; run < Math.min(options.runs, 3); run++) {
      timing.ilikeHits = (await timed(() => oldIlike(db, query), timing.ilike)).rowCount ?? 0;
    }
    timings.push(timing);
  }
  return timings;
}

export async function runSearchBench(options: SearchBench = defaultSearchBench): Promise<void> {
  const database = await createTestDatabase();
  const db = createPool(database.url, 4);
  try {
    const started = performance.now();
    await migrate(db);
    await seed(db, options);
    const seeded = performance.now();
    await index(db);
    const indexed = performance.now();
    const counts = await db.query<{ documents: string; size: string }>(
      `SELECT count(*) AS documents, pg_size_pretty(pg_total_relation_size('search_documents')) AS size
         FROM search_documents`,
    );
    console.log(
      `Seeded ${options.tickets.toLocaleString('en')} tickets with ` +
        `${(options.tickets + options.replies + options.letters).toLocaleString('en')} messages ` +
        `(${options.replies.toLocaleString('en')} replies, ${options.letters.toLocaleString('en')} letters) ` +
        `in ${fixed((seeded - started) / 1000)} s; indexed ${Number(counts.rows[0]!.documents).toLocaleString('en')} ` +
        `texts (${counts.rows[0]!.size}) in ${fixed((indexed - seeded) / 1000)} s.\n`,
    );

    const timings = await measure(db, options);
    const ms = (values: number[], q: number) => fixed(quantile(values, q), 1);
    console.log(
      table([
        ['query', 'hits', 'search p50', 'search p95', 'list q p50', 'old ILIKE p50', 'ILIKE hits'],
        ...timings.map((t) => [
          t.query,
          t.hits === 20 ? '20+' : String(t.hits),
          ms(t.search, 0.5),
          ms(t.search, 0.95),
          ms(t.list, 0.5),
          ms(t.ilike, 0.5),
          t.ilikeHits === 50 ? '50+' : String(t.ilikeHits),
        ]),
      ]),
    );
    const all = (pick: (t: Timing) => number[]) => timings.flatMap(pick);
    console.log(
      `\nOver all ${QUERIES.length} queries (ms):\n` +
        table([
          ['', 'p50', 'p95', 'max'],
          [
            'GET /api/search (first page, 20 hits)',
            ...[0.5, 0.95, 1].map((q) =>
              ms(
                all((t) => t.search),
                q,
              ),
            ),
          ],
          [
            'GET /api/tickets?q= (50 tickets)',
            ...[0.5, 0.95, 1].map((q) =>
              ms(
                all((t) => t.list),
                q,
              ),
            ),
          ],
          [
            'old ILIKE on subject and summary',
            ...[0.5, 0.95, 1].map((q) =>
              ms(
                all((t) => t.ilike),
                q,
              ),
            ),
          ],
        ]),
    );
  } finally {
    await db.end();
    await database.drop();
  }
}

if (require.main === module) {
  // A smaller desk for a quick look: `npm run bench:search -- 10000` (tickets; messages scale with them).
  const tickets = Number(process.argv[2] ?? defaultSearchBench.tickets);
  const scale = tickets / defaultSearchBench.tickets;
  runSearchBench({
    ...defaultSearchBench,
    tickets,
    replies: Math.round(defaultSearchBench.replies * scale),
    letters: Math.round(defaultSearchBench.letters * scale),
  }).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
