// Limits on what one caller can make us do: guessing tokens from one address, and the expensive reads (search,
// reports) through one token. Counting and windows are express-rate-limit's; the answers are ours (problem+json).
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitInfo } from 'express-rate-limit';
import type { AccessPolicy } from '../platform/config';
import { Problem, sendProblem } from './problem';

const MINUTE = 60_000;

function tooMany(detail: string) {
  return (request: Request, response: Response) => {
    const info = (request as Request & { rateLimit?: RateLimitInfo }).rateLimit;
    const retryAfter = info?.resetTime
      ? Math.max(1, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000))
      : 60;
    response.setHeader('Retry-After', String(retryAfter));
    sendProblem(
      response,
      new Problem(429, 'Too Many Requests', `${detail} Try again in ${retryAfter} s.`, { retryAfter }),
    );
  };
}

/**
 * Failed authentications per remote address: past the limit, every request from there is refused until the
 * minute is over, the right token included, or guessing would go on. Requests that authenticate are not counted.
 */
export function authenticationFailureLimit(policy: AccessPolicy) {
  return rateLimit({
    windowMs: MINUTE,
    limit: policy.authFailuresPerMinute,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_request, response) => response.statusCode !== 401,
    standardHeaders: false,
    legacyHeaders: false,
    handler: tooMany(`More than ${policy.authFailuresPerMinute} failed authentications a minute from here.`),
  });
}

/** Search and reports per token (or console session): each scans much of the record, so one client cannot starve the rest. */
export function expensiveReadLimit(policy: AccessPolicy) {
  return rateLimit({
    windowMs: MINUTE,
    limit: policy.expensiveRequestsPerMinute,
    keyGenerator: (request) =>
      request.consoleSession
        ? `session:${request.consoleSession.id}`
        : `token:${request.staffTokenId ?? 'none'}`,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: tooMany(
      `More than ${policy.expensiveRequestsPerMinute} searches or reports a minute with this token.`,
    ),
  });
}
