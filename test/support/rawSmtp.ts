// A bare SMTP client for hostile mail: sends bytes exactly as given (dot-stuffed, nothing else) and answers the
// server's reply to DATA, or to whichever command refused the transaction, within a time limit.
import { connect, type Socket } from 'node:net';

export interface SmtpReply {
  code: number;
  text: string; // the reply's text, its lines joined by a space, without the codes
  stage: 'connect' | 'MAIL FROM' | 'RCPT TO' | 'DATA' | 'message';
  ms: number; // from connecting to the final reply
}

/** Sends one message; rejects only if the server does not answer within `timeoutMs` (a hang) or drops us. */
export async function sendRaw(
  port: number,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  timeoutMs = 30_000,
): Promise<SmtpReply> {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  const replies = replyReader(socket);
  const timer = setTimeout(
    () => socket.destroy(new Error(`no answer within ${timeoutMs} ms: the transaction hangs`)),
    timeoutMs,
  );
  const finish = (reply: Omit<SmtpReply, 'ms'>) => ({ ...reply, ms: Date.now() - started });
  try {
    const greeting = await replies.next();
    if (greeting.code !== 220) return finish({ ...greeting, stage: 'connect' });
    socket.write('EHLO fuzz.client.example\r\n');
    await replies.next();
    socket.write(`MAIL FROM:<${envelope.from}>\r\n`);
    const mailFrom = await replies.next();
    if (mailFrom.code !== 250) return finish({ ...mailFrom, stage: 'MAIL FROM' });
    for (const to of envelope.to) {
      socket.write(`RCPT TO:<${to}>\r\n`);
      const rcpt = await replies.next();
      if (rcpt.code !== 250) return finish({ ...rcpt, stage: 'RCPT TO' });
    }
    socket.write('DATA\r\n');
    const data = await replies.next();
    if (data.code !== 354) return finish({ ...data, stage: 'DATA' });
    socket.write(dotStuffed(raw));
    socket.write(raw.length === 0 || raw.subarray(-2).toString() === '\r\n' ? '.\r\n' : '\r\n.\r\n');
    const answer = await replies.next();
    socket.write('QUIT\r\n');
    return finish({ ...answer, stage: 'message' });
  } finally {
    clearTimeout(timer);
    socket.end();
    socket.destroySoon();
  }
}

/** A line that starts with a dot gets another, so that the message cannot end itself early. */
function dotStuffed(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  if (raw[0] === 0x2e) parts.push(Buffer.from('.'));
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (raw[i + 1] === 0x2e) {
      parts.push(raw.subarray(start, i + 1), Buffer.from('.'));
      start = i + 1;
    }
  }
  parts.push(raw.subarray(start));
  return Buffer.concat(parts);
}

function replyReader(socket: Socket) {
  let buffered = '';
  const waiting: { resolve: (reply: { code: number; text: string }) => void; reject: (e: Error) => void }[] =
    [];
  let failure: Error | undefined;
  const ready: { code: number; text: string }[] = [];
  const settle = () => {
    while (ready.length > 0 && waiting.length > 0) waiting.shift()!.resolve(ready.shift()!);
    if (failure) while (waiting.length > 0) waiting.shift()!.reject(failure);
  };
  let lines: string[] = [];
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\r\n'); end >= 0; end = buffered.indexOf('\r\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      lines.push(line.slice(4));
      if (line[3] !== '-') {
        ready.push({ code: Number(line.slice(0, 3)), text: lines.join(' ') });
        lines = [];
      }
    }
    settle();
  });
  socket.on('error', (error) => {
    failure = error;
    settle();
  });
  socket.on('close', () => {
    failure ??= new Error('the server closed the connection without an answer');
    settle();
  });
  return {
    next: () =>
      new Promise<{ code: number; text: string }>((resolve, reject) => {
        waiting.push({ resolve, reject });
        settle();
      }),
  };
}
