import { threadIndex } from '../../mail/threadIndex';

const received = new Date('2026-11-25T14:00:00Z');

test('a ticket root Thread-Index is 22 bytes and stable for the ticket', () => {
  const root = threadIndex('TRC-000123', received);
  expect(Buffer.from(root, 'base64')).toHaveLength(22);
  expect(threadIndex('TRC-000123', received)).toBe(root);
  expect(threadIndex('TRC-000124', received)).not.toBe(root);
});

test("a letter's Thread-Index extends the ticket's root with a 5-byte child block", () => {
  const root = Buffer.from(threadIndex('TRC-000123', received), 'base64');
  const child = Buffer.from(
    threadIndex('TRC-000123', received, new Date('2026-11-25T15:30:00Z'), 2),
    'base64',
  );
  expect(child).toHaveLength(27);
  expect(child.subarray(0, 22).equals(root)).toBe(true);
});

test('later letters get larger child blocks, so Outlook orders them by time', () => {
  const at = (iso: string) =>
    Buffer.from(threadIndex('TRC-000123', received, new Date(iso)), 'base64').readUInt32BE(22);
  expect(at('2026-11-25T15:00:00Z')).toBeLessThan(at('2026-11-26T15:00:00Z'));
});
