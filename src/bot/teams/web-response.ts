import type { ServerResponse } from 'node:http';
import type { WebResponse } from '@microsoft/agents-hosting';

/** The Express-like response the Agents SDK writes to, over Node's own. */
export function webResponse(res: ServerResponse): WebResponse {
  const web: WebResponse = {
    status(code) {
      res.statusCode = code;
      return web;
    },
    setHeader(name, value) {
      res.setHeader(name, value);
      return web;
    },
    // As in Express, send() finishes the response: the SDK's JWT check answers 401 with send() alone.
    send(body) {
      if (res.writableEnded) return web;
      const json = body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);
      if (json && !res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
      res.end(json ? JSON.stringify(body) : body);
      return web;
    },
    end() {
      if (!res.writableEnded) res.end();
      return web;
    },
    get headersSent() {
      return res.headersSent;
    },
    get writableEnded() {
      return res.writableEnded;
    },
  };
  return web;
}
