// Our system as the benchmarks run it: `node dist/bin/start.js` as a child process on a given database, Temporal
// server and outbound relay (a receipt sink), logging JSON to <dir>/<name>.log; ready when it says so.
import path from 'node:path';
import { projectRoot } from '../platform/paths';
import { memoryEnv, memoryNodeArgs } from '../platform/processMemory';
import { startNodeProcess, type NodeProcess } from './nodeProcess';

export interface DeskProcess {
  dir: string; // DATA_DIR (the outbox, unused with a relay) and the log live here
  name: string;
  databaseUrl: string;
  temporalAddress: string;
  relayUrl: string; // SMTP_URL
  env?: Record<string, string>; // PROCESS_ROLES, PORT, SMTP_PORT, …
  nodeArgs?: string[]; // --cpu-prof, -r ./bench/dnsStub.js, …
}

export function startDeskProcess(desk: DeskProcess): Promise<NodeProcess> {
  return startNodeProcess(
    [...memoryNodeArgs, ...(desk.nodeArgs ?? []), path.join(projectRoot, 'dist', 'bin', 'start.js')],
    {
      ...memoryEnv,
      DATABASE_URL: desk.databaseUrl,
      TEMPORAL_ADDRESS: desk.temporalAddress,
      SMTP_URL: desk.relayUrl,
      DATA_DIR: path.join(desk.dir, 'data'),
      SUPPORT_LEAD_ADDRESS: 'lead@netix.example',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ...desk.env,
    },
    path.join(desk.dir, `${desk.name}.log`),
    'Press Ctrl-C to stop.',
  );
}
