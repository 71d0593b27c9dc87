// The worker options that bound its memory and its pace, as the SDK compiled them (defaults filled in): logged at
// start so that an operator, and bench:scale, see what is in effect rather than what was asked for.
import type { Worker } from '@temporalio/worker';

export interface WorkerSettings {
  maxCachedWorkflows: number;
  reuseV8Context: boolean;
  workflowThreadPoolSize: number;
  maxConcurrentWorkflowTaskExecutions?: number; // with fixed-size slots, as we run
  maxConcurrentActivityTaskExecutions?: number;
  stickyQueueScheduleToStartTimeoutMs: number;
}

export function workerSettings(worker: Worker): WorkerSettings {
  const options = worker.options;
  const slots = (supplier: { type: string; numSlots?: number }) =>
    supplier.type === 'fixed-size' ? supplier.numSlots : undefined;
  return {
    maxCachedWorkflows: options.maxCachedWorkflows,
    reuseV8Context: options.reuseV8Context,
    workflowThreadPoolSize: options.workflowThreadPoolSize,
    maxConcurrentWorkflowTaskExecutions: slots(options.tuner.workflowTaskSlotSupplier),
    maxConcurrentActivityTaskExecutions: slots(options.tuner.activityTaskSlotSupplier),
    stickyQueueScheduleToStartTimeoutMs: options.stickyQueueScheduleToStartTimeoutMs,
  };
}
