// Loads docker-compose.yml with compose-go (the Compose Specification's reference loader, the one the
// docker compose CLI uses) through tools/composecheck, built once per version of its sources and cached.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repositoryRoot = path.resolve(__dirname, '../..');
const toolDir = path.join(repositoryRoot, 'tools', 'composecheck');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; target?: string };
  command?: string[];
  environment: Record<string, string>;
  depends_on: Record<string, string>;
  healthcheck: boolean;
  ports: string[];
  restart?: string;
}

export interface ComposeProject {
  name: string;
  services: Record<string, ComposeService>;
  volumes: string[];
  extensions: Record<string, unknown> | null;
}

function findGo(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'go')),
    '/usr/local/go/bin/go',
  ];
  const go = candidates.find((candidate) => existsSync(candidate));
  if (!go) {
    throw new Error(
      'Go is needed to validate docker-compose.yml with compose-go (tools/composecheck), and it is not on PATH ' +
        'nor in /usr/local/go/bin: install Go 1.24 or newer (https://go.dev/dl/).',
    );
  }
  return go;
}

/** The checker's binary, rebuilt only when go.mod, go.sum or main.go change. */
function composecheckBinary(): string {
  const hash = createHash('sha256');
  for (const file of ['go.mod', 'go.sum', 'main.go']) hash.update(readFileSync(path.join(toolDir, file)));
  const dir = path.join(os.tmpdir(), `triceps-composecheck-${hash.digest('hex').slice(0, 16)}`);
  const binary = path.join(dir, 'composecheck');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}`;
  const build = spawnSync(findGo(), ['build', '-mod=readonly', '-o', partial, '.'], {
    cwd: toolDir,
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    throw new Error(`building tools/composecheck failed:\n${build.stderr || build.error?.message}`);
  }
  renameSync(partial, binary); // atomic: a parallel run never sees half a binary
  return binary;
}

export type ComposeResult = { ok: true; project: ComposeProject } | { ok: false; error: string };

/** Interpolates with `env` only (not the caller's environment), as `docker compose` would with that .env. */
export function loadCompose(env: Record<string, string>, file = 'docker-compose.yml'): ComposeResult {
  const args = Object.entries(env).flatMap(([key, value]) => ['-env', `${key}=${value}`]);
  try {
    const stdout = execFileSync(composecheckBinary(), [...args, path.join(repositoryRoot, file)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { ok: true, project: JSON.parse(stdout) as ComposeProject };
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr;
    if (stderr === undefined) throw error;
    return { ok: false, error: stderr };
  }
}
