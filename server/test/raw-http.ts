// Test support: one HTTP request with full control over what fetch() would not let a test
// set or leave out (Host, any Content-Type, a body on GET), answered with its status,
// headers and parsed JSON body (null when the answer is not JSON).

import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
  text: string;
}

export function rawHttp(
  baseUrl: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; agent?: Agent },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: hostname,
        port: Number(port),
        method: opts.method ?? 'GET',
        path: opts.path,
        // Node sends a GET's or DELETE's body without a length (not chunked either): say it.
        headers: { ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers },
        ...(opts.agent ? { agent: opts.agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> | null;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** A JSON POST, with the Content-Type given (or none). */
export function postWithType(baseUrl: string, path: string, body: unknown, contentType: string | null, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return rawHttp(baseUrl, {
    method: 'POST',
    path,
    headers: { ...(contentType === null ? {} : { 'Content-Type': contentType }), 'Content-Length': String(Buffer.byteLength(text)), ...headers },
    body: text,
  });
}
