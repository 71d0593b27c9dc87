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

export const problemHandler: ErrorRequestHandler = (error, _request, response, _next) => {
  if (error instanceof Problem) return sendProblem(response, error);
  const status =
    typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  sendProblem(
    response,
    new Problem(
      status,
      status === 500 ? 'Internal Server Error' : 'Bad Request',
      status === 500 ? 'An unexpected error occurred; it has been logged.' : String(error.message),
    ),
  );
};
