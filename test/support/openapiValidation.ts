// Every answer the integration tests receive must be one the OpenAPI document describes: the route, the method,
// the status and, for JSON, the body. A test whose answer differs fails, naming the route and the schema error.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../api/openapi';

interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
}

const documentId = 'triceps:openapi';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...openApiDocument, $id: documentId });

const paths = openApiDocument.paths as Record<string, Record<string, Operation>>;
const templates = Object.keys(paths).map((template) => ({
  template,
  pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));
/** What a route under /api the document does not list answers (see its description): no such route, or no access. */
const unlistedRouteAnswers: Operation['responses'] = {
  '404': { $ref: '#/components/responses/Problem' },
  '401': { $ref: '#/components/responses/Problem' },
  '400': { $ref: '#/components/responses/Problem' },
  '413': { $ref: '#/components/responses/ContentTooLarge' },
  '429': { $ref: '#/components/responses/TooManyRequests' },
};
const validators = new Map<string, ValidateFunction>();

const pointerPart = (part: string) => part.replaceAll('~', '~0').replaceAll('/', '~1');

function validatorAt(pointer: string[]): ValidateFunction {
  const ref = `${documentId}#/${pointer.map(pointerPart).join('/')}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/** Throws unless the document describes this answer to `method url`. */
export function assertDescribedAnswer(
  method: string,
  url: string,
  status: number,
  contentType: string | null,
  body: unknown,
): void {
  const path = new URL(url, 'http://api').pathname;
  const route = `${method.toUpperCase()} ${path} → ${status}`;
  const template =
    templates.find((candidate) => candidate.template === path) ??
    templates.find((candidate) => candidate.pattern.test(path));
  const operation = template && paths[template.template]![method.toLowerCase()];
  const where = operation ? `${method} ${template.template}` : 'a route the document does not list';
  let response = (operation ? operation.responses : unlistedRouteAnswers)[String(status)];
  let pointer = ['paths', template?.template ?? '', method.toLowerCase(), 'responses', String(status)];
  if (!response) throw new Error(`${route}: ${where} does not list status ${status}`);
  if (response.$ref) {
    pointer = response.$ref.slice(2).split('/');
    response = (openApiDocument.components.responses as Record<string, typeof response>)[pointer.at(-1)!]!;
  }
  if (!response.content || body === undefined) return;
  const mediaType = (contentType ?? '').split(';')[0]!.trim();
  if (!(mediaType in response.content)) {
    if (Object.keys(response.content).some((declared) => declared.includes('*'))) return;
    throw new Error(
      `${route}: answered ${mediaType}, the document says ${Object.keys(response.content).join(', ')}`,
    );
  }
  const validate = validatorAt([...pointer, 'content', mediaType, 'schema']);
  if (!validate(body)) {
    throw new Error(
      `${route} (${where}) differs from the OpenAPI document: ` +
        ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'body' }),
    );
  }
}
