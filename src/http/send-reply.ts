import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Reply } from './route-types.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(res, status, { error: message }, headers);
}

/** Writes a handler's reply. Rejects if a stream fails midway; by then the response has been cut short. */
export async function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  const status = reply.status ?? 200;
  const headers = reply.headers ?? {};
  if ('json' in reply) return sendJson(res, status, reply.json, headers);
  if ('text' in reply) {
    res.writeHead(status, {
      ...headers,
      'content-type': reply.contentType ?? 'text/plain; charset=utf-8',
      'content-length': Buffer.byteLength(reply.text),
    });
    res.end(reply.text);
    return;
  }
  res.writeHead(status, { ...headers, 'content-type': reply.contentType });
  // pipeline waits on 'drain' and, if the client disconnects, returns the source iterator (stopping e.g. a DB cursor).
  await pipeline(Readable.from(reply.stream, { objectMode: false }), res);
}
