// What a request must be before any route reads it: a JSON body of at most 1 MB, valid UTF-8, nested at most
// 20 deep, and no NUL anywhere (PostgreSQL text cannot hold one, so it would fail deep inside a workflow step).
import express, { type NextFunction, type Request, type Response } from 'express';
import { Problem } from './problem';

export const MAX_BODY = '1mb';
export const MAX_JSON_DEPTH = 20;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first thing in a JSON value that no route should accept: nesting deeper than `maxDepth`, or a NUL in a key
 * or a string. Walks with an explicit stack, so a hostile nesting cannot overflow ours.
 */
export function hostileJson(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return 'a string holds a NUL character (\\u0000)';
    } else if (current !== null && typeof current === 'object') {
      if (depth > maxDepth) return `the JSON is nested deeper than ${maxDepth} levels`;
      for (const [key, field] of Object.entries(current)) {
        if (key.includes('\u0000')) return 'a field name holds a NUL character (\\u0000)';
        stack.push([field, depth + 1]);
      }
    }
  }
  return undefined;
}

/** express.json, refusing what it would let through: bytes that are not UTF-8, deep nesting, NUL. */
export function jsonBody() {
  const parse = express.json({
    limit: MAX_BODY,
    verify: (_request, _response, bytes) => {
      try {
        strictUtf8.decode(bytes);
      } catch {
        throw new Problem(400, 'Bad Request', 'The body is not valid UTF-8; send JSON encoded as UTF-8.');
      }
    },
  });
  const refuseHostile = (request: Request, _response: Response, next: NextFunction) => {
    const refusal = request.body === undefined ? undefined : hostileJson(request.body);
    if (refusal) throw new Problem(400, 'Bad Request', `The body is refused: ${refusal}.`);
    next();
  };
  return [parse, refuseHostile];
}

/** A NUL or another control character in the path or the query names nothing we hold. */
export function refuseControlCharactersInUrl(request: Request, _response: Response, next: NextFunction) {
  let url: string;
  try {
    url = decodeURIComponent(request.originalUrl.replace(/\+/g, ' '));
  } catch {
    throw new Problem(400, 'Bad Request', 'The URL holds a malformed percent-encoding.');
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(url)) {
    throw new Problem(400, 'Bad Request', 'The URL holds a NUL or another control character.');
  }
  next();
}
