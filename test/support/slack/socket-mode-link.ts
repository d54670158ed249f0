import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { type Answer, APP_ID } from './workspace.js';

// Slack's side of Socket Mode: apps.connections.open hands out a one-use ticket URL, the app
// connects to it over WebSocket, gets `hello`, and then acks every envelope Slack sends it
// with `{envelope_id, payload?}` within 3 seconds.

/** The envelope types Slack sends over Socket Mode. */
export type EnvelopeType = 'events_api' | 'interactive' | 'slash_commands';

/** Why Slack asks the app to reconnect: a connection about to be recycled, or Socket Mode turned off. */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** The app's acknowledgement of one envelope; `payload` is its response (`{}` for a bare ack). */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** What tests drive: the Slack side of the app's Socket Mode connections. */
export interface SocketModeControls {
  /** Resolves once an app holds an open connection (it has been sent `hello`). */
  connected(timeoutMs?: number): Promise<void>;
  /**
   * Sends an envelope to the most recently connected app; resolves with its ack, rejects when
   * none arrives within 3 s or the connection closes first. For 'events_api' the payload is
   * the event_callback body (`{type: 'event_callback', event: {...}, ...}`).
   */
  send(type: EnvelopeType, payload: Record<string, unknown>): Promise<SocketModeAck>;
  /** Sends `{type: 'disconnect', reason}` to every connection; the app closes and reconnects. */
  disconnect(reason?: DisconnectReason): void;
  /** Open connections. */
  readonly connectionCount: number;
}

/** Slack retries (and the user sees an error) when an envelope is not acked within 3 seconds. */
export const ACK_TIMEOUT_MS = 3000;
/** Slack pings each connection periodically; the client starts watching for pings after the first. */
const PING_INTERVAL_MS = 5000;
const LINK_PATH = '/link/';
/** How long close() waits for a client to finish the close handshake. */
const CLOSE_GRACE_MS = 1000;

interface Pending {
  ws: WebSocket;
  resolve: (ack: SocketModeAck) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Slack accepts a response in the ack only where an HTTP app could answer with a body. */
const acceptsResponse = (type: EnvelopeType, payload: Record<string, unknown>): boolean =>
  type === 'slash_commands' || payload.type === 'view_submission' || payload.type === 'block_suggestion';

export class SocketModeLink implements SocketModeControls {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private readonly events = new EventEmitter();

  /** `base` is the stand-in's ws:// origin; the link lives under /link/ on the same HTTP server. */
  constructor(private readonly base: string) {}

  get connectionCount(): number {
    return this.open().length;
  }

  /** apps.connections.open's answer, once the caller's app-level token has been checked. */
  issueUrl(): Answer {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return { ok: true, url: `${this.base}${LINK_PATH}?ticket=${ticket}&app_id=${APP_ID}` };
  }

  /** The HTTP server's 'upgrade' handler: accepts a WebSocket holding an unused ticket. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const ticket = url.searchParams.get('ticket'); // other query parameters (e.g. debug_reconnects) are ignored
    if (url.pathname !== LINK_PATH || ticket === null || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  async connected(timeoutMs = 5000): Promise<void> {
    if (this.connectionCount > 0) return;
    await once(this.events, 'connected', { signal: AbortSignal.timeout(timeoutMs) });
  }

  send(type: EnvelopeType, payload: Record<string, unknown>): Promise<SocketModeAck> {
    const ws = this.open().at(-1);
    if (ws === undefined) return Promise.reject(new Error('no app is connected over Socket Mode'));
    const envelope_id = randomUUID();
    const retry = type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {};
    const envelope = { envelope_id, type, payload, accepts_response_payload: acceptsResponse(type, payload), ...retry };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(envelope_id, `no ack for ${type} envelope ${envelope_id} within ${ACK_TIMEOUT_MS} ms`), ACK_TIMEOUT_MS);
      this.pending.set(envelope_id, { ws, resolve, reject, timer });
      ws.send(JSON.stringify(envelope));
    });
  }

  disconnect(reason: DisconnectReason = 'refresh_requested'): void {
    const message = JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-airlock-standin' } });
    for (const ws of this.open()) ws.send(message);
  }

  /** Fails envelopes still waiting for an ack and closes every connection. */
  async close(): Promise<void> {
    for (const id of this.pending.keys()) this.fail(id, 'the Slack stand-in closed');
    await Promise.all([...this.sockets].map(closeGracefully));
    this.wss.close();
  }

  private open(): WebSocket[] {
    return [...this.sockets].filter((ws) => ws.readyState === WebSocket.OPEN);
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    const pinger = setInterval(() => ws.ping(), PING_INTERVAL_MS);
    ws.on('message', (data, isBinary) => this.onMessage(ws, data, isBinary));
    ws.on('error', () => ws.terminate()); // a protocol error from the client ends only its connection
    ws.on('close', () => {
      clearInterval(pinger);
      this.sockets.delete(ws);
      for (const [id, p] of this.pending) if (p.ws === ws) this.fail(id, `connection closed before envelope ${id} was acked`);
    });
    const hello = {
      type: 'hello',
      num_connections: this.sockets.size,
      debug_info: { host: 'applink-airlock-standin', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: APP_ID },
    };
    ws.send(JSON.stringify(hello));
    this.events.emit('connected');
  }

  /** An ack: `{envelope_id, payload?}` for an envelope sent on this same connection. Anything else is ignored, as Slack does. */
  private onMessage(ws: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return;
    }
    if (!isRecord(message)) return;
    const { envelope_id, payload } = message;
    if (typeof envelope_id !== 'string' || this.pending.get(envelope_id)?.ws !== ws) return;
    this.settle(envelope_id)?.resolve(isRecord(payload) ? { envelope_id, payload } : { envelope_id });
  }

  private fail(id: string, why: string): void {
    this.settle(id)?.reject(new Error(why));
  }

  private settle(id: string): Pending | undefined {
    const p = this.pending.get(id);
    if (p === undefined) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(id);
    return p;
  }
}

/**
 * Lets a close handshake finish (a stopped app's is usually in flight) so the client sees a clean
 * close rather than a socket error; one that never answers is cut off.
 */
async function closeGracefully(ws: WebSocket): Promise<void> {
  const closed = new Promise((resolve) => ws.once('close', resolve)); // not events.once: an 'error' must not fail close()
  if (ws.readyState === WebSocket.OPEN) ws.close(1001, 'going away');
  const cutoff = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  await closed;
  clearTimeout(cutoff);
}

function rawText(data: RawData): string {
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : new TextDecoder().decode(data);
}
