/** Sends a built request to the worker over node:http: fetch adds a Content-Type of its own and cannot send a header twice. */
import { request as httpRequest } from 'node:http';
import type { Built } from './signing.ts';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export function send(port: number, built: Built): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of built.headers) headers[name] = value;
    const hasBody = built.body.length > 0 || !['GET', 'HEAD', 'OPTIONS'].includes(built.method);
    const declared = built.headers.some(([name]) => name.toLowerCase() === 'content-length');
    if (!built.chunked && hasBody && !declared) headers['Content-Length'] = String(built.body.length);
    const req = httpRequest({ host: '127.0.0.1', port, method: built.method, path: built.path, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${built.method} ${built.path}: no answer within 30 s`)));
    req.on('error', reject);
    if (built.chunked) {
      const size = 16 * 1024;
      for (let i = 0; i < built.body.length; i += size) req.write(built.body.subarray(i, i + size));
      req.end();
    } else {
      req.end(built.body);
    }
  });
}

export function describeAnswer(answer: Answer): string {
  return `${answer.status} ${answer.text.slice(0, 300)}`;
}
