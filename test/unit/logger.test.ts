import { Writable } from 'node:stream';
import { createLogger, type LogFormat } from '../../platform/logger';

async function logged(format: LogFormat): Promise<string> {
  let output = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString();
      done();
    },
  });
  createLogger('info', format, destination).info({ ticket: 'TRC-000123' }, 'receipt sent');
  await new Promise((resolve) => setImmediate(resolve));
  return output;
}

test('a person at a terminal reads a log line as text, not JSON', async () => {
  const line = await logged('pretty');

  expect(line).toMatch(/INFO.*receipt sent/);
  expect(line).toMatch(/ticket: "TRC-000123"/);
  expect(() => JSON.parse(line)).toThrow();
});

test('a log collector gets one JSON object per line', async () => {
  const line = await logged('json');

  expect(JSON.parse(line)).toMatchObject({ level: 30, msg: 'receipt sent', ticket: 'TRC-000123' });
});
