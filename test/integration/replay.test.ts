// Replays every recorded ticket history against the current workflow code: a change that would make
// running tickets non-deterministic fails here, before it reaches them. Use patched() for such changes.
import { Worker } from '@temporalio/worker';
import { recordedHistories } from '../support/histories';

test('every recorded ticket history replays on the current workflow code', async () => {
  const histories = await recordedHistories();
  expect(histories.length).toBeGreaterThanOrEqual(8);
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(
    { workflowsPath: require.resolve('../../workflows') },
    histories.map(({ name, history }) => ({ workflowId: name, history })),
  )) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
});
