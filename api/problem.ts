// Errors as RFC 9457 problem+json: every refusal names what is wrong and how to fix it.
import type { ErrorRequestHandler, Response } from 'express';

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function sendProblem(response: Response, problem: Problem): void {
  response
    .status(problem.status)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      ...problem.extra,
    });
}

/** Titles as RFC 9110 names them (Node's own table still says "Payload Too Large"). */
const titles: Record<number, string> = {
  400: 'Bad Request',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

/** What the body parser refuses, said so that the sender knows what to change. */
function bodyParserDetail(error: { type?: unknown; message?: unknown; limit?: unknown }): string {
  switch (error.type) {
    case 'entity.parse.failed':
      return `The body is not valid JSON: ${String(error.message)}.`;
    case 'entity.too.large':
      return `The body is larger than the limit of ${String(error.limit)} bytes; send less at once.`;
    default:
      return String(error.message);
  }
}

export const problemHandler: ErrorRequestHandler = (error, _request, response, _next) => {
  if (error instanceof Problem) return sendProblem(response, error);
  const status =
    typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  sendProblem(
    response,
    new Problem(
      status,
      titles[status] ?? 'Bad Request',
      status === 500 ? 'An unexpected error occurred; it has been logged.' : bodyParserDetail(error),
    ),
  );
};
