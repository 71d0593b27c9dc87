// `npm run outbox`: prints the letters kept in the local outbox (no SMTP_URL), oldest first, decoded.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { loadConfig } from '../platform/config';

async function main(): Promise<void> {
  const { outboxDir } = loadConfig().outbound;
  const files = (await readdir(outboxDir).catch(() => [] as string[]))
    .filter((file) => file.endsWith('.eml'))
    .sort();
  if (files.length === 0) process.stdout.write(`the outbox ${outboxDir} is empty\n`);
  for (const file of files) {
    const letter = await simpleParser(await readFile(path.join(outboxDir, file)));
    const to = [letter.to].flat().map((address) => address?.text ?? '');
    process.stdout.write(
      `── ${file}\nDate: ${letter.date?.toISOString()}\nTo: ${to.join(', ')}\nSubject: ${letter.subject}\n\n${letter.text?.trim()}\n\n`,
    );
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
