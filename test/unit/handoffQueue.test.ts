// The hand-off queue paces workflow starts after the 250: never more at once than its bound, each message once,
// and a drain that waits for them.
import type { StoredMessage } from '../../db/inboundMessages';
import { createHandoffQueue } from '../../mail/handoffQueue';

function message(id: number): StoredMessage {
  return { id } as StoredMessage;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

test('hands off at most `concurrency` messages at once, in the order they came, each once', async () => {
  const started: number[] = [];
  const finish = new Map<number, () => void>();
  const queue = createHandoffQueue((stored) => {
    started.push(stored.id);
    const step = deferred();
    finish.set(stored.id, step.resolve);
    return step.promise;
  }, 2);
  for (const id of [1, 2, 3, 4, 2]) queue.add(message(id));
  expect(started).toEqual([1, 2]);
  expect([1, 2, 3, 4, 5].map((id) => queue.holds(id))).toEqual([true, true, true, true, false]);

  finish.get(1)!();
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual([1, 2, 3]);
  expect(queue.holds(1)).toBe(false);
});

test('settles once every hand-off is done, or when the grace time runs out', async () => {
  const step = deferred();
  const queue = createHandoffQueue(() => step.promise, 4);
  await expect(queue.settled(10)).resolves.toBeUndefined(); // nothing held: at once
  queue.add(message(7));
  let settled = false;
  const waiting = queue.settled(60_000).then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(settled).toBe(false);
  step.resolve();
  await waiting;
  expect(queue.holds(7)).toBe(false);

  const stuck = createHandoffQueue(() => new Promise<void>(() => {}), 1);
  stuck.add(message(8));
  const before = Date.now();
  await stuck.settled(50);
  expect(Date.now() - before).toBeGreaterThanOrEqual(45);
  expect(stuck.holds(8)).toBe(true); // the sweep takes it from the database
});
