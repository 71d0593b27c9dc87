// Where a workflow's time before its receipt goes, read from its history: the workflow tasks and activities
// before the receipt's activity, how long each waited in its task queue (schedule-to-start) and ran.
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';
import { median, quantile } from './stats';

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ReceiptPath {
  workflowTasks: number; // workflow tasks started before the receipt's activity was scheduled, that one included
  activities: string[]; // activity types scheduled before the receipt's, in order
  firstTaskQueuedMs: number; // the first workflow task's schedule-to-start
  taskQueuedMs: number; // all those workflow tasks' schedule-to-start
  taskRunMs: number; // and their start-to-complete
  activityQueuedMs: Record<string, number>; // per activity type: schedule-to-start (summed over its runs)
  activityRunMs: Record<string, number>; // start-to-complete
  toReceiptMs: number; // workflow started → the receipt's activity completed
  eventsToReceipt: number; // history events up to the receipt's completion
  events: number; // in the whole history when read
}

const ms = (event: HistoryEvent | undefined) => (event?.eventTime ? tsToMs(event.eventTime) : NaN);

export function receiptPath(events: HistoryEvent[], receiptActivity: string): ReceiptPath | undefined {
  const byId = new Map(events.map((event) => [Number(event.eventId), event]));
  const receipt = events.find(
    (event) =>
      event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
      event.activityTaskScheduledEventAttributes?.activityType?.name === receiptActivity,
  );
  if (!receipt) return undefined;
  const receiptId = Number(receipt.eventId);
  const done = events.find(
    (event) =>
      event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      Number(event.activityTaskCompletedEventAttributes?.scheduledEventId) === receiptId,
  );
  const path: ReceiptPath = {
    workflowTasks: 0,
    activities: [],
    firstTaskQueuedMs: NaN,
    taskQueuedMs: 0,
    taskRunMs: 0,
    activityQueuedMs: {},
    activityRunMs: {},
    toReceiptMs: ms(done) - ms(events[0]),
    eventsToReceipt: Number(done?.eventId ?? NaN),
    events: events.length,
  };
  for (const event of events) {
    const id = Number(event.eventId);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED && id < receiptId) {
      const queued =
        ms(event) - ms(byId.get(Number(event.workflowTaskStartedEventAttributes?.scheduledEventId)));
      if (path.workflowTasks === 0) path.firstTaskQueuedMs = queued;
      path.workflowTasks++;
      path.taskQueuedMs += queued;
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && id < receiptId) {
      path.taskRunMs +=
        ms(event) - ms(byId.get(Number(event.workflowTaskCompletedEventAttributes?.startedEventId)));
    }
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED && id < receiptId) {
      path.activities.push(event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?');
    }
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const attributes = event.activityTaskCompletedEventAttributes;
      const scheduled = byId.get(Number(attributes?.scheduledEventId));
      if (!scheduled || Number(scheduled.eventId) > receiptId) continue;
      const type = scheduled.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
      const started = byId.get(Number(attributes?.startedEventId));
      path.activityQueuedMs[type] = (path.activityQueuedMs[type] ?? 0) + ms(started) - ms(scheduled);
      path.activityRunMs[type] = (path.activityRunMs[type] ?? 0) + ms(event) - ms(started);
    }
  }
  return path;
}

export async function receiptPaths(
  client: Client,
  workflowIds: string[],
  receiptActivity: string,
): Promise<ReceiptPath[]> {
  const paths: ReceiptPath[] = [];
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    const path = receiptPath(history.events ?? [], receiptActivity);
    if (path) paths.push(path);
  }
  return paths;
}

/** Median and p95 of each figure over the paths, as printable rows. */
export function summariseReceiptPaths(paths: ReceiptPath[]): string[][] {
  const row = (label: string, values: number[], digits = 0) => [
    label,
    median(values).toFixed(digits),
    quantile(values, 0.95).toFixed(digits),
  ];
  const rows = [
    ['', 'median', 'p95'],
    row(
      'workflow tasks before the receipt',
      paths.map((p) => p.workflowTasks),
      1,
    ),
    row(
      'activities before the receipt',
      paths.map((p) => p.activities.length),
      1,
    ),
    row(
      'first workflow task queued, ms',
      paths.map((p) => p.firstTaskQueuedMs),
    ),
    row(
      'all those workflow tasks queued, ms',
      paths.map((p) => p.taskQueuedMs),
    ),
    row(
      'all those workflow tasks running, ms',
      paths.map((p) => p.taskRunMs),
    ),
  ];
  const types = [...new Set(paths.flatMap((p) => Object.keys(p.activityRunMs)))];
  for (const type of types) {
    rows.push(
      row(
        `${type} queued, ms`,
        paths.map((p) => p.activityQueuedMs[type] ?? 0),
      ),
    );
    rows.push(
      row(
        `${type} running, ms`,
        paths.map((p) => p.activityRunMs[type] ?? 0),
      ),
    );
  }
  rows.push(
    row(
      'workflow start → receipt sent, ms',
      paths.map((p) => p.toReceiptMs),
    ),
  );
  rows.push(
    row(
      'history events up to the receipt',
      paths.map((p) => p.eventsToReceipt),
    ),
  );
  rows.push(
    row(
      'history events in all when read',
      paths.map((p) => p.events),
    ),
  );
  return rows;
}
