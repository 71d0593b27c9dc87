// What a restart of the worker costs with many open tickets: kill -9 the worker process, start a new one, and time
// until every ticket's workflow is served again. Served means answering: each workflow is asked for its view
// (the ticketView query) by a bounded number of callers at once, and one the new worker does not hold in its
// cache (none, at first) replays its whole history to answer. Beside that sweep, a sample of staff actions goes
// through the API (a comment: a Temporal Update, so a workflow task and an activity), one at a time: the round
// trip a specialist waits for right after a deploy, while the worker is busiest.
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { ticketViewQuery } from '../workflows/messages';
import type { NodeProcess } from './nodeProcess';

export interface RestartPlan {
  worker: NodeProcess;
  start(): Promise<NodeProcess>; // the new worker process, once it says it is running
  temporal: Client;
  workflowIds: string[];
  concurrency: number; // queries in flight at once
  action: (ticketNumber: string) => Promise<{ status: number; detail?: string }>; // a staff action through the API
  actionSample: string[]; // ticket numbers
  giveUpAfterMs: number; // a workflow still not answering after this is counted as not served
}

export interface RestartFigures {
  worker: NodeProcess; // the new one
  readyS: number; // from the kill to the new process running
  firstS: number; // from the kill to the first workflow answering
  allS: number; // from the kill to the last
  served: number;
  notServed: string[]; // workflow ids, with the last error
  retries: number; // queries asked again after an error or a timeout
  queryMs: number[]; // each answered query's last attempt, alone
  actions: { ms: number; status: number; detail?: string }[];
}

export async function restartWorker(plan: RestartPlan): Promise<RestartFigures> {
  const killed = performance.now();
  await plan.worker.kill();
  const worker = await plan.start();
  const ready = performance.now();
  const answeredAt: number[] = [];
  const queryMs: number[] = [];
  const notServed: string[] = [];
  let retries = 0;

  const serve = async (workflowId: string) => {
    for (;;) {
      const asked = performance.now();
      try {
        await plan.temporal.workflow.getHandle(workflowId).query(ticketViewQuery);
        queryMs.push(performance.now() - asked);
        answeredAt.push(performance.now());
        return;
      } catch (error) {
        if (performance.now() - killed > plan.giveUpAfterMs) {
          notServed.push(`${workflowId}: ${(error as Error).message}`);
          return;
        }
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  let next = 0;
  const caller = async () => {
    while (next < plan.workflowIds.length) await serve(plan.workflowIds[next++]!);
  };
  const actions: RestartFigures['actions'] = [];
  const actInTurn = async () => {
    for (const number of plan.actionSample) {
      const started = performance.now();
      const answer = await plan.action(number);
      actions.push({ ms: performance.now() - started, ...answer });
    }
  };
  await Promise.all([...Array.from({ length: plan.concurrency }, caller), actInTurn()]);

  const seconds = (at: number | undefined) => (at === undefined ? NaN : (at - killed) / 1000);
  return {
    worker,
    readyS: seconds(ready),
    firstS: seconds(Math.min(...answeredAt)),
    allS: notServed.length ? NaN : seconds(Math.max(...answeredAt)),
    served: answeredAt.length,
    notServed,
    retries,
    queryMs,
    actions,
  };
}
