// Turns schema violations into 422 problems that name the field and the rule.
import type { z } from 'zod';
import { Problem } from './problem';

export function parseOrProblem<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), rule: issue.message }));
  throw new Problem(
    422,
    'Unprocessable Content',
    errors.map((error) => `${error.field || 'body'}: ${error.rule}`).join('; '),
    { errors },
  );
}
