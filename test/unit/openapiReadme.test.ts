// The README's route table and the OpenAPI document describe the same API: each route, with the same query names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../../api/openapi';

interface Operation {
  parameters?: { name: string; in: string }[];
}

/** `GET /api/tickets?status&urgency` → ['GET /api/tickets', 'status,urgency'] for each row of the API section. */
function readmeRoutes(): Map<string, string> {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Staff and the API'));
  const table = section.slice(0, section.indexOf('\n##', 1));
  const routes = new Map<string, string>();
  for (const [, method, route] of table.matchAll(/^\| `(GET|POST|PATCH|PUT|DELETE) ([^`]+)`/gm)) {
    const [routePath, query = ''] = route!.replaceAll('\\|', '|').split('?');
    const names = query ? query.split('&').map((pair) => pair.split('=')[0]) : [];
    routes.set(`${method} ${routePath}`, names.sort().join(','));
  }
  return routes;
}

function documentRoutes(): Map<string, string> {
  const routes = new Map<string, string>();
  for (const [routePath, operations] of Object.entries(openApiDocument.paths)) {
    for (const [method, operation] of Object.entries(operations as Record<string, Operation>)) {
      const names = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
      routes.set(
        `${method.toUpperCase()} ${routePath}`,
        names
          .map((parameter) => parameter.name)
          .sort()
          .join(','),
      );
    }
  }
  return routes;
}

test("the README's route table lists exactly the routes of the OpenAPI document", () => {
  expect([...readmeRoutes().keys()].sort()).toEqual([...documentRoutes().keys()].sort());
});

test("the README's route table names each route's query parameters as the OpenAPI document does", () => {
  expect(Object.fromEntries(readmeRoutes())).toEqual(Object.fromEntries(documentRoutes()));
});
