// Hands stored messages to their workflows after their 250, a bounded number at a time: a burst of mail is
// answered as fast as it is stored, and the workflow starts follow at the pace Temporal takes them. A hand-off that
// fails, or that a crash cuts short, is the sweeper's: the message is stored and marked not handed off.
import type { StoredMessage } from '../db/inboundMessages';

export interface HandoffQueue {
  add(message: StoredMessage): void;
  /** Queued or being handed off here: the sweeper leaves it alone. */
  holds(messageId: number): boolean;
  /** Resolves once nothing is queued or being handed off, or after `graceMs`. */
  settled(graceMs: number): Promise<void>;
}

/** `handOff` reports its own failures: the queue only paces the calls. */
export function createHandoffQueue(
  handOff: (message: StoredMessage) => Promise<void>,
  concurrency: number,
): HandoffQueue {
  const waiting: StoredMessage[] = [];
  const held = new Set<number>();
  const whenIdle: (() => void)[] = [];
  let running = 0;

  function startNext() {
    while (running < concurrency && waiting.length > 0) {
      const message = waiting.shift()!;
      running++;
      void handOff(message).finally(() => {
        running--;
        held.delete(message.id);
        if (held.size === 0) for (const resolve of whenIdle.splice(0)) resolve();
        startNext();
      });
    }
  }

  return {
    add(message) {
      if (held.has(message.id)) return;
      held.add(message.id);
      waiting.push(message);
      startNext();
    },
    holds: (messageId) => held.has(messageId),
    settled(graceMs) {
      if (held.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        whenIdle.push(resolve);
        setTimeout(resolve, graceMs).unref();
      });
    },
  };
}
