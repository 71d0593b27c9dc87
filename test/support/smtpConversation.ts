// A raw SMTP conversation, line by line, for tests that must stop in the middle of one (e.g. mid-DATA).
import { connect, type Socket } from 'node:net';

export interface SmtpConversation {
  /** The server's greeting: `220 …`, or `421 …` from a server that is closing. */
  greeting: string;
  /** Sends a command and resolves with the server's whole reply (its last line carries the code). */
  say(line: string): Promise<string>;
  /** The next reply, e.g. the one to the end of DATA sent with `write`. */
  reply(): Promise<string>;
  /** Sends raw bytes without waiting for a reply (a message's body during DATA). */
  write(text: string): void;
  close(): void;
}

export async function startSmtpConversation(port: number, host = '127.0.0.1'): Promise<SmtpConversation> {
  const socket: Socket = connect(port, host);
  let buffer = '';
  let waiting: ((reply: string) => void) | undefined;
  const replies: string[] = [];
  const deliver = () => {
    // A reply ends with a line "NNN text" (a dash after the code means more lines follow).
    for (;;) {
      const end = /(^|\r\n)\d{3} [^\r\n]*\r\n/.exec(buffer);
      if (!end) return;
      const reply = buffer.slice(0, end.index + end[0].length).trim();
      buffer = buffer.slice(end.index + end[0].length);
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve(reply);
      } else replies.push(reply);
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    deliver();
  });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      if (replies.length) return resolve(replies.shift()!);
      waiting = resolve;
      socket.once('error', reject);
      socket.once('close', () => resolve(''));
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const greeting = await next();
  return {
    greeting,
    say(line) {
      socket.write(`${line}\r\n`);
      return next();
    },
    reply: next,
    write(text) {
      socket.write(text);
    },
    close() {
      socket.destroy();
    },
  };
}
