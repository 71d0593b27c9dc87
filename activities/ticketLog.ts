// An activity's log lines name their ticket: its number and the workflow running it, as fields a log
// collector can search on (`ticket`, `workflowId`).
import { Context } from '@temporalio/activity';
import type { Logger } from '../platform/logger';

/** The workflow the running activity belongs to; undefined when called outside a worker (unit tests). */
function currentWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

export function ticketLogger(logger: Logger, ticket: string, workflowId = currentWorkflowId()): Logger {
  return logger.child({ ticket, workflowId });
}
