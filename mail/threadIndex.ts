// Outlook threads by Thread-Topic and Thread-Index rather than References. A ticket's letters share
// one root (its number and receipt time); each letter adds a child block for its own moment.
import { createHash } from 'node:crypto';

const FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000n; // 100 ns ticks from 1601-01-01 to 1970-01-01

function filetime(at: Date): bigint {
  return BigInt(at.getTime()) * 10_000n + FILETIME_EPOCH_OFFSET;
}

function rootBlock(number: string, receivedAt: Date): Buffer {
  const block = Buffer.alloc(22);
  const ticks = filetime(receivedAt) >> 16n; // the high 48 bits
  block.writeUIntBE(Number(ticks), 0, 6);
  createHash('md5').update(number).digest().copy(block, 6); // a stable 16-byte "GUID" per ticket
  return block;
}

function childBlock(delta: bigint, sequence: number): Buffer {
  const block = Buffer.alloc(5);
  const wide = delta >= 1n << 49n;
  const value = Number((wide ? delta >> 23n : delta >> 18n) & 0x7fff_ffffn);
  block.writeUInt32BE(((wide ? 1 : 0) << 31) | (value >>> 0), 0);
  block.writeUInt8(sequence & 0xff, 4);
  return block;
}

/** The Thread-Index of a ticket's letter sent at `sentAt`; the root itself when sentAt is absent. */
export function threadIndex(number: string, receivedAt: Date, sentAt?: Date, sequence = 0): string {
  const root = rootBlock(number, receivedAt);
  if (!sentAt) return root.toString('base64');
  const delta = filetime(sentAt) - filetime(receivedAt);
  return Buffer.concat([root, childBlock(delta > 0n ? delta : 0n, sequence)]).toString('base64');
}
