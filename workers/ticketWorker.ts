// The Temporal worker that runs ticket workflows and their activities.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { TicketActivities } from '../activities';

export interface TicketWorkerOptions {
  connection: NativeConnection; // its caller's: a client on it can start workflows eagerly on this worker
  namespace: string;
  taskQueue: string;
  activities: TicketActivities;
  shutdownGraceMs?: number; // how long running activities may take to finish on shutdown
  maxCachedWorkflows?: number; // unset: the SDK's default, from the heap limit
}

export interface RunningWorker {
  worker: Worker;
  /** Polls no more; resolves once the activities and workflow tasks in flight have finished. */
  stop(): Promise<void>;
}

/** Written by `npm run build` (bin/bundle-workflows.ts) beside the compiled code; absent when run from source. */
export const workflowBundlePath = path.join(__dirname, '..', 'workflow-bundle.js');

export async function startTicketWorker(options: TicketWorkerOptions): Promise<RunningWorker> {
  const worker = await Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    // The bundle built ahead spares each start its webpack run, and the worker the memory webpack keeps.
    ...(existsSync(workflowBundlePath)
      ? { workflowBundle: { codePath: workflowBundlePath } }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: options.activities,
    shutdownGraceTime: options.shutdownGraceMs ?? 0,
    maxCachedWorkflows: options.maxCachedWorkflows,
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}
