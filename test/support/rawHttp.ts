// HTTP exactly as written, for what fetch would tidy up first: literal `..` and `%2e%2e` in paths, bytes that
// are not UTF-8, a chosen local address (127.0.0.x) to appear as another client.
import http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function rawRequest(
  baseUrl: string,
  request: {
    method?: string;
    path: string;
    token?: string;
    body?: string | Buffer;
    contentType?: string;
    localAddress?: string;
  },
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const headers: http.OutgoingHttpHeaders = {};
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) {
    headers['content-type'] = request.contentType ?? 'application/json';
    headers['content-length'] = Buffer.byteLength(request.body);
  }
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: request.method ?? (request.body === undefined ? 'GET' : 'POST'),
        path: request.path,
        headers,
        localAddress: request.localAddress,
        agent: false,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          resolve({ status: answer.statusCode!, headers: answer.headers, text, body });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}
