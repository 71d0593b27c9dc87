// The staff console: static files served at `/` by the API process, with the browser libraries taken from
// node_modules so that nothing is fetched from the internet at run time.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

export interface ConsoleSettings {
  timeZone: string; // the desk's time zone: the console shows every time in it
  supportAddress: string;
}

/** The browser libraries, by the name the console imports them under (see the import map in index.html). */
const vendorFiles: Record<string, [packageName: string, file: string]> = {
  'preact.js': ['preact', 'dist/preact.module.js'],
  'preact-hooks.js': ['preact', 'hooks/dist/hooks.module.js'],
  'htm.js': ['htm', 'dist/htm.module.js'],
  'chart.js': ['chart.js', 'dist/chart.umd.min.js'],
};

/** A package's folder: its exports map hides the browser builds from require.resolve, not from the file system. */
function packageDirectory(name: string): string {
  let directory = path.dirname(require.resolve(name));
  while (!existsSync(path.join(directory, 'package.json')) || readPackageName(directory) !== name) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`Cannot find the folder of the package ${name}`);
    directory = parent;
  }
  return directory;
}

function readPackageName(directory: string): string | undefined {
  return (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string }).name;
}

/** console/ beside api/ when run from source; dist/console when built (npm run build copies it). */
function consoleDirectory(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'console'),
    path.resolve(__dirname, '..', '..', 'console'),
  ];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'index.html')));
  if (!found) throw new Error(`The console's files are missing: looked in ${candidates.join(', ')}`);
  return found;
}

/** Inline scripts are refused by the policy except the import map, allowed by its hash. */
function contentSecurityPolicy(indexHtml: string): string {
  const importMap = /<script type="importmap">([\s\S]*?)<\/script>/.exec(indexHtml)?.[1] ?? '';
  const hash = createHash('sha256').update(importMap).digest('base64');
  return [
    "default-src 'self'",
    `script-src 'self' 'sha256-${hash}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function consoleRoutes(settings: ConsoleSettings): Router {
  const directory = consoleDirectory();
  const indexHtml = readFileSync(path.join(directory, 'index.html'), 'utf8');
  const policy = contentSecurityPolicy(indexHtml);
  const router = express.Router();

  const secured: express.RequestHandler = (_request, response, next) => {
    response.setHeader('Content-Security-Policy', policy);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
  router.use('/console', secured);
  router.get('/', secured, (_request, response) => {
    response.type('html').setHeader('Cache-Control', 'no-cache').send(indexHtml);
  });
  router.get('/console/settings.json', (_request, response) => {
    response.json(settings);
  });
  for (const [name, [packageName, file]] of Object.entries(vendorFiles)) {
    const location = path.join(packageDirectory(packageName), file);
    router.get(`/console/vendor/${name}`, (_request, response) => {
      response.type('application/javascript').sendFile(location);
    });
  }
  router.use('/console', express.static(directory, { index: false, fallthrough: false }));
  return router;
}
