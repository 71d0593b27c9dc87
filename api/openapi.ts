// The OpenAPI document served at /api/openapi.json: the staff API's contract, built from the route catalogue and
// the zod schemas the routes validate with, so the two cannot differ.
import { z } from 'zod';
import { routeCatalogue, type Answer, type CatalogueRoute } from './routeCatalogue';
import { components } from './schemas';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

const problem = { $ref: '#/components/responses/Problem' };
const tooManyRequests = { $ref: '#/components/responses/TooManyRequests' };
const refPrefix = '#/components/schemas/';

/** Drops what JSON Schema adds for a standalone document; named schemas become refs to components. */
function embedded(schema: JsonSchema): JsonSchema {
  const text = JSON.stringify(schema, (key, value: unknown) =>
    key === '$schema' || key === '$defs' || key === '$id' ? undefined : value,
  );
  return JSON.parse(text.replaceAll('"#/$defs/', `"${refPrefix}`)) as JsonSchema;
}

function jsonSchemaOf(schema: z.ZodType, io: Io): JsonSchema {
  const id = components.get(schema)?.id;
  if (id) return { $ref: refPrefix + id };
  return embedded(
    z.toJSONSchema(schema, { target: 'draft-2020-12', io, metadata: components }) as JsonSchema,
  );
}

/** Each property of a query string or path schema as one parameter. */
function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const flatten = (json: JsonSchema): JsonSchema[] =>
    Array.isArray(json.allOf) ? (json.allOf as JsonSchema[]).flatMap(flatten) : [json];
  return flatten(jsonSchemaOf(schema, 'input')).flatMap((object) => {
    const required = new Set((object.required as string[] | undefined) ?? []);
    return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
      const { description, ...rest } = property;
      return {
        name,
        in: where,
        ...(where === 'path' || required.has(name) ? { required: true } : {}),
        ...(description ? { description } : {}),
        schema: rest,
      };
    });
  });
}

function responseOf(answer: Answer) {
  if (answer === 'problem') return problem;
  if (answer === 'tooManyRequests') return tooManyRequests;
  if (answer.contentType) {
    return {
      description: answer.description,
      content: { [answer.contentType]: { schema: { type: 'string', format: 'binary' } } },
    };
  }
  if (!answer.schema) return { description: answer.description };
  return {
    description: answer.description,
    content: { 'application/json': { schema: jsonSchemaOf(answer.schema, 'output') } },
  };
}

/**
 * What any route under /api may answer besides its own: 401 without a live token or session, 403 for a change
 * made with the session cookie but without its CSRF token, 429 after too many failed authentications from the
 * caller's address (and, on search and reports, too many requests with one token);
 * with a body, 400 for JSON that is malformed, not UTF-8, nested deeper than 20 or holding NUL, and 413 over 1 MB.
 */
function accessAnswers(route: CatalogueRoute) {
  if (!route.path.startsWith('/api/') || route.open) return {};
  return {
    '401': problem,
    '429': tooManyRequests,
    ...(route.method === 'get' ? {} : { '403': problem }), // with the session cookie but no CSRF token
    ...(route.body ? { '400': problem, '413': { $ref: '#/components/responses/ContentTooLarge' } } : {}),
  };
}

function operationOf(route: CatalogueRoute) {
  const parameters = [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')];
  const responses = Object.fromEntries(
    Object.entries(route.responses).map(([status, answer]) => [status, responseOf(answer)]),
  );
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.open ? { security: [] } : {}),
    ...(route.roles ? { 'x-roles': route.roles } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchemaOf(route.body, 'input') },
              ...Object.fromEntries(
                Object.entries(route.otherBodies ?? {}).map(([type, description]) => [
                  type,
                  { schema: { type: 'string', description } },
                ]),
              ),
            },
          },
        }
      : {}),
    responses: { ...accessAnswers(route), ...responses },
  };
}

function pathsOf(routes: CatalogueRoute[]) {
  const paths: Record<string, Record<string, ReturnType<typeof operationOf>>> = {};
  for (const route of routes) (paths[route.path] ??= {})[route.method] = operationOf(route);
  return paths;
}

/** The named schemas; those only requests use are described as input (defaults make fields optional). */
function componentSchemas() {
  const output = z.toJSONSchema(components, {
    target: 'draft-2020-12',
    io: 'output',
    uri: (id) => refPrefix + id,
  });
  const input = z.toJSONSchema(components, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => refPrefix + id,
  });
  const requestOnly = new Set([
    'NewSpecialist',
    'SpecialistChanges',
    'WeeklyHours',
    'NewArticle',
    'ArticleChanges',
    'ProductionDayBody',
    'ProductionYearBody',
  ]);
  return Object.fromEntries(
    Object.keys(output.schemas).map((id) => [
      id,
      embedded((requestOnly.has(id) ? input : output).schemas[id] as JsonSchema),
    ]),
  );
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Triceps Support staff API',
    version: '0.1.0',
    description:
      'Staff read and act on support tickets. Every route under /api except this document and /api/session* ' +
      'needs "Authorization: Bearer <token>" (tokens come from `npm run staff -- add`; they expire, and admins ' +
      'rotate and revoke them) or the console session cookie triceps_session from POST /api/session; a change ' +
      '(POST, PUT, PATCH, DELETE) made with the cookie also needs the header X-CSRF-Token (the csrfToken of the ' +
      'session), else 403. Errors are application/problem+json; a path under /api not listed here answers 404. ' +
      'Every change is in the audit log.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }, { consoleSession: [] }],
  paths: pathsOf(routeCatalogue),
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer' },
      consoleSession: { type: 'apiKey', in: 'cookie', name: 'triceps_session' },
    },
    responses: {
      Problem: {
        description: 'an error, RFC 9457',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
      TooManyRequests: {
        description:
          'rate-limited: too many failed authentications from this address, or searches/reports with this token',
        headers: {
          'Retry-After': { description: 'seconds until it is allowed again', schema: { type: 'integer' } },
        },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
      ContentTooLarge: {
        description: 'the body is over 1 MB',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
    schemas: componentSchemas(),
  },
};
