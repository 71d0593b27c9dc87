// Recorded workflow histories: the replay test runs them against the current workflow code, so a
// change that would break running tickets fails CI. Record anew with `npm run test:record-histories`;
// histories of an older workflow type stay in their own folder and are never recorded over.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestSystem } from './testSystem';

const run = promisify(execFile);

export const historiesDir = path.join(__dirname, '..', 'histories');

/** Saves the ticket's workflow history when RECORD_HISTORIES=1; otherwise does nothing. */
export async function recordHistory(system: TestSystem, number: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const ticket = await system.db.query<{ workflow_id: string }>(
    'SELECT workflow_id FROM tickets WHERE number = $1',
    [number],
  );
  // The CLI writes the same JSON the Temporal UI downloads; the SDK's historyToJSON trips over its
  // two bundled protobufjs versions.
  const { stdout } = await run(
    process.env.TEST_TEMPORAL_BINARY ?? 'temporal',
    ['workflow', 'show', '--workflow-id', ticket.rows[0]!.workflow_id, '--output', 'json'],
    {
      env: { ...process.env, TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  await mkdir(historiesDir, { recursive: true });
  await writeFile(
    path.join(historiesDir, `${name}.json`),
    JSON.stringify(JSON.parse(stdout), null, 1) + '\n',
  );
}

/**
 * Every recorded history: the current workflow's in test/histories, and in a folder named for its type the
 * histories of an older workflow type that tickets started before a change still run on; in a folder named
 * `before-<patch>`, histories recorded before that patched() change, which the patch must still replay.
 */
export async function recordedHistories(): Promise<{ name: string; history: unknown }[]> {
  const entries = await readdir(historiesDir, { recursive: true }).catch(() => [] as string[]);
  const files = entries.filter((file) => file.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.replace(/\.json$/, ''),
      history: JSON.parse(await readFile(path.join(historiesDir, file), 'utf8')),
    })),
  );
}
