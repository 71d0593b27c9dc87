// docker-compose.yml and the Dockerfile, checked without Docker: the compose file loads with compose-go,
// its images are pinned, and our processes get every variable the configuration reads, and no other.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configVariables, loadConfig } from '../../platform/config';
import { ticketSearchAttributes } from '../../workflows/searchAttributes';
import { loadCompose, repositoryRoot, type ComposeProject } from '../support/composeCheck';

const env = { POSTGRES_PASSWORD: 'compose-test-password' };
let project: ComposeProject;

beforeAll(() => {
  const loaded = loadCompose(env);
  if (!loaded.ok) throw new Error(`docker-compose.yml does not load:\n${loaded.error}`);
  project = loaded.project;
}, 180_000); // the first run builds tools/composecheck; later runs reuse the binary

/** Ours: the services built from our Dockerfile. */
function ourServices(): [string, ComposeProject['services'][string]][] {
  return Object.entries(project.services).filter(([, service]) => service.build);
}

const npmStartOnly = () => (project.extensions?.['x-npm-start-only'] ?? []) as string[];

test('the file loads with compose-go, with PostgreSQL, Temporal, its set-up, its UI and our processes', () => {
  expect(Object.keys(project.services).sort()).toEqual([
    'api',
    'postgresql',
    'temporal',
    'temporal-admin-tools',
    'temporal-namespace',
    'temporal-ui',
    'worker',
  ]);
  expect(ourServices().map(([name]) => name)).toEqual(['api', 'worker']);
  expect(project.services.postgresql!.healthcheck).toBe(true);
  expect(project.volumes).toContain('postgresql-data');
});

test('without POSTGRES_PASSWORD the file does not load, naming the variable', () => {
  const loaded = loadCompose({});
  expect(loaded.ok).toBe(false);
  expect(!loaded.ok && loaded.error).toMatch(/required variable POSTGRES_PASSWORD is missing/);
});

test('every image is pinned to a version', () => {
  for (const [name, service] of Object.entries(project.services)) {
    const tag = /^[^@]+:([^:/@]+)$/.exec(service.image ?? '')?.[1];
    expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(/\d/) });
    expect({ name, tag }).not.toEqual({ name, tag: 'latest' });
  }
  expect(project.services.temporal!.image).toBe('temporalio/server:1.29.1');
  expect(project.services['temporal-admin-tools']!.image).toMatch(/^temporalio\/admin-tools:1\.29\.\d/);
  expect(project.services['temporal-ui']!.image).toMatch(/^temporalio\/ui:2\.42\.\d/);
  expect(project.services.postgresql!.image).toMatch(/^postgres:15\.\d+/);
});

test("our processes set every variable platform/config.ts reads, except npm start's own", () => {
  expect(configVariables.length).toBeGreaterThan(30);
  expect(npmStartOnly().filter((name) => !configVariables.includes(name))).toEqual([]);
  const needed = configVariables.filter((name) => !npmStartOnly().includes(name));
  for (const [name, service] of ourServices()) {
    const set = Object.keys(service.environment);
    expect({ name, missing: needed.filter((variable) => !set.includes(variable)) }).toEqual({
      name,
      missing: [],
    });
    expect({ name, npmStartOnly: npmStartOnly().filter((variable) => set.includes(variable)) }).toEqual({
      name,
      npmStartOnly: [],
    });
    for (const variable of [
      'DATABASE_URL',
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
      'PORT',
      'SMTP_PORT',
      'SMTP_URL',
      'SUPPORT_ADDRESS',
      'PROCESS_ROLES',
    ]) {
      expect({ name, variable, set: set.includes(variable) }).toEqual({ name, variable, set: true });
    }
  }
});

test('our processes set no variable the configuration does not know (a typo would be ignored)', () => {
  for (const [name, service] of ourServices()) {
    const unknown = Object.keys(service.environment).filter(
      (variable) => !configVariables.includes(variable),
    );
    expect({ name, unknown }).toEqual({ name, unknown: [] });
  }
});

test('the values our processes get pass the configuration, pointing at the containers', () => {
  for (const [, service] of ourServices()) {
    const config = loadConfig(service.environment);
    expect(config.database.url).toBe(`postgres://postgres:${env.POSTGRES_PASSWORD}@postgresql:5432/triceps`);
    expect(config.temporal.address).toBe('temporal:7233');
    expect(config.temporal.namespace).toBe(project.services['temporal-namespace']!.environment.NAMESPACE);
    expect(config.api).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.smtp).toMatchObject({ host: '0.0.0.0', port: 2525 });
  }
});

test('the worker runs the workflows; api serves staff and takes mail, on published ports', () => {
  expect(project.services.worker!.environment.PROCESS_ROLES).toBe('worker');
  expect(project.services.worker!.ports).toEqual([]);
  expect(project.services.api!.environment.PROCESS_ROLES).toBe('api,intake');
  expect(project.services.api!.ports).toEqual(['3000-3003:3000/tcp', '2525-2528:2525/tcp']);
});

test('start order: schemas, then the server, then namespace and search attributes, then our processes', () => {
  const { services } = project;
  expect(services['temporal-admin-tools']!.depends_on).toEqual({ postgresql: 'service_healthy' });
  expect(services.temporal!.depends_on).toEqual({
    postgresql: 'service_healthy',
    'temporal-admin-tools': 'service_completed_successfully',
  });
  expect(services['temporal-namespace']!.depends_on).toEqual({ temporal: 'service_started' });
  for (const [, service] of ourServices()) {
    expect(service.depends_on).toEqual({
      postgresql: 'service_healthy',
      'temporal-namespace': 'service_completed_successfully',
    });
  }
  const schemaScript = services['temporal-admin-tools']!.command!.join('\n');
  expect(schemaScript).toMatch(/setup-schema -v 0\.0/);
  expect(schemaScript).toMatch(/update-schema -d "\$SCHEMA_DIR\/\$schema\/versioned"/);
  expect(schemaScript).toContain('temporal:temporal visibility:temporal_visibility');
  expect(services.temporal!.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
});

test('the namespace set-up registers exactly the search attributes of workflows/searchAttributes.ts', () => {
  const registered = project.services['temporal-namespace']!.environment.SEARCH_ATTRIBUTES!.split(/\s+/)
    .filter(Boolean)
    .map((pair) => pair.toUpperCase());
  const ours = ticketSearchAttributes.map((key) => `${key.name}=${key.type}`.toUpperCase());
  expect(registered.sort()).toEqual(ours.sort());
});

describe('the Dockerfile', () => {
  const dockerfile = readFileSync(path.join(repositoryRoot, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'));
  const stages: string[][] = [];
  for (const line of instructions) {
    if (/^FROM\s/i.test(line)) stages.push([]);
    stages.at(-1)?.push(line);
  }
  const runtime = stages.at(-1) ?? [];

  test('builds in one stage and runs from another, on a pinned Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage[0]).toMatch(/^FROM node:20\.\d+\.\d+-bookworm-slim\b/);
    expect(runtime).toContainEqual(expect.stringMatching(/^COPY --from=build \/app\/dist/));
    expect(runtime).toContainEqual(expect.stringMatching(/^RUN npm ci --omit=dev/));
  });

  test('runs as a user other than root, with a health check on /healthz', () => {
    const users = runtime.filter((line) => /^USER\s/i.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
    expect(runtime).toContainEqual(expect.stringMatching(/^HEALTHCHECK .*\/healthz/));
    expect(runtime).toContainEqual(expect.stringMatching(/^EXPOSE 3000 2525$/));
  });
});
