// Replays every recorded ticket history against the current workflow code: a change that would make
// running tickets non-deterministic fails here, before it reaches them. Use patched() for such changes,
// or a new workflow type while tickets of the old one finish on the old code (test/histories/ticketWorkflow).
import { Worker } from '@temporalio/worker';
import { recordedHistories } from '../support/histories';

interface RecordedHistory {
  events: { workflowExecutionStartedEventAttributes?: { workflowType: { name: string } } }[];
}

test('every recorded ticket history replays on the current workflow code', async () => {
  const histories = await recordedHistories();
  const types = histories.map(
    ({ history }) =>
      (history as RecordedHistory).events[0]!.workflowExecutionStartedEventAttributes!.workflowType.name,
  );
  // Both the current lifecycle and the type that tickets started before it still run on.
  expect(types.filter((type) => type === 'ticketLifecycle').length).toBeGreaterThanOrEqual(12);
  expect(types.filter((type) => type === 'ticketWorkflow').length).toBeGreaterThanOrEqual(14);
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../../workflows') },
    histories.map(({ name, history }) => ({ workflowId: name, history })),
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
});
