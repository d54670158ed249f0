import { decodeErrorFields } from './wire/backend-decode.js';
import { ProtocolViolation } from './wire/protocol-error.js';
import type { TransactionStatus } from './wire/backend-messages.js';

/**
 * What the gateway expects the upstream to answer, in the order the client's messages were forwarded.
 * It lets the session (a) tie each CommandComplete/ErrorResponse to the statement that caused it, and
 * (b) slot its own responses (denials) into the stream at exactly the right place, so pipelined
 * clients see answers in the order they asked.
 */
export type Expectation<S> =
  | { readonly kind: 'query'; readonly stmt: S }
  | { readonly kind: 'execute'; readonly stmt: S; readonly portal: string }
  | { readonly kind: 'parse'; readonly name: string }
  | { readonly kind: 'bind'; readonly portal: string; readonly statement: string; readonly resultFormats: readonly number[] }
  | { readonly kind: 'describe-statement' | 'describe-portal'; readonly name: string }
  | { readonly kind: 'close'; readonly target: 'S' | 'P'; readonly name: string }
  | { readonly kind: 'sync' }
  /** A response the gateway makes up (e.g. a denial); `ready` = it ends with ReadyForQuery. */
  | { readonly kind: 'synthetic'; readonly render: (status: TransactionStatus) => Buffer; readonly ready: boolean };

export interface Completion<S> {
  readonly stmt: S;
  readonly tags: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
  /** Execute stopped at its row limit (PortalSuspended). */
  readonly suspended?: boolean;
}

export type TrackResult<S> =
  | { readonly kind: 'none' }
  | { readonly kind: 'completed'; readonly completion: Completion<S> }
  | { readonly kind: 'ready'; readonly status: TransactionStatus; readonly completion?: Completion<S> };

const NONE = { kind: 'none' } as const;
const c = (s: string) => s.charCodeAt(0);
const [ERR, READY, COMPLETE, EMPTY, SUSPENDED] = [c('E'), c('Z'), c('C'), c('I'), c('s')];
const [PARSE_OK, BIND_OK, CLOSE_OK, PARAM_DESC, ROW_DESC, NO_DATA] = [c('1'), c('2'), c('3'), c('t'), c('T'), c('n')];

export class PipelineTracker<S> {
  private queue: Expectation<S>[] = [];
  private head = 0;
  /** Per simple-query accumulation (one Query message can hold many statements). */
  private tags: string[] = [];
  private error: Completion<S>['error'];

  push(e: Expectation<S>): void {
    this.queue.push(e);
  }

  get idle(): boolean {
    return this.head === this.queue.length;
  }

  /** What the next upstream message answers (read before passing that message to onBackend). */
  get expected(): Expectation<S> | undefined {
    return this.queue[this.head];
  }

  /** Whether a gateway-made response is next in line (the session then cuts the upstream bytes here). */
  get syntheticNext(): boolean {
    return this.queue[this.head]?.kind === 'synthetic';
  }

  /** Pops the head if it is a gateway-made response, so the session can send it now. */
  takeSynthetic(): Extract<Expectation<S>, { kind: 'synthetic' }> | null {
    const e = this.queue[this.head];
    if (e?.kind !== 'synthetic') return null;
    this.pop();
    return e;
  }

  /** Feeds one upstream message (type and body without the 5-byte header). */
  onBackend(type: number, body: Buffer): TrackResult<S> {
    const e = this.queue[this.head];
    if (type === READY) {
      if (e?.kind !== 'query' && e?.kind !== 'sync') throw this.unexpected('ReadyForQuery', e);
      this.pop();
      const status = String.fromCharCode(body[0] ?? 73) as TransactionStatus;
      return e.kind === 'query' ? { kind: 'ready', status, completion: this.finishQuery(e.stmt) } : { kind: 'ready', status };
    }
    if (type === ERR) return this.onError(e, body);
    if (!e) return NONE; // asynchronous messages (notices, parameter status) between cycles
    switch (e.kind) {
      case 'query':
        if (type === COMPLETE) this.tags.push(tagOf(body));
        return NONE;
      case 'execute':
        if (type === COMPLETE || type === EMPTY || type === SUSPENDED) {
          this.pop();
          const tags = type === COMPLETE ? [tagOf(body)] : [];
          return { kind: 'completed', completion: { stmt: e.stmt, tags, ...(type === SUSPENDED ? { suspended: true } : {}) } };
        }
        return NONE;
      case 'parse':
        return this.expectOne(type, PARSE_OK, e);
      case 'bind':
        return this.expectOne(type, BIND_OK, e);
      case 'close':
        return this.expectOne(type, CLOSE_OK, e);
      case 'describe-statement':
        if (type === PARAM_DESC) return NONE;
        return this.expectOne(type, ROW_DESC, e, NO_DATA);
      case 'describe-portal':
        return this.expectOne(type, ROW_DESC, e, NO_DATA);
      default:
        return NONE;
    }
  }

  private expectOne(type: number, want: number, e: Expectation<S>, alt = -1): TrackResult<S> {
    if (type === want || type === alt) {
      this.pop();
      return NONE;
    }
    if (type === c('N') || type === c('S') || type === c('A')) return NONE;
    throw this.unexpected(String.fromCharCode(type), e);
  }

  private onError(e: Expectation<S> | undefined, body: Buffer): TrackResult<S> {
    const f = decodeErrorFields(body);
    const error = { code: f.get('C') ?? 'XX000', message: f.get('M') ?? '' };
    if (!e) return NONE; // e.g. FATAL on shutdown; the upstream closes next
    if (e.kind === 'query') {
      this.error ??= error;
      return NONE;
    }
    // Extended protocol: the server skips everything up to the next Sync, and so do we.
    let failed: Completion<S> | undefined;
    if (e.kind === 'execute') failed = { stmt: e.stmt, tags: [], error };
    while (!this.idle && this.queue[this.head]!.kind !== 'sync') this.pop();
    return failed ? { kind: 'completed', completion: failed } : NONE;
  }

  private finishQuery(stmt: S): Completion<S> {
    const done: Completion<S> = { stmt, tags: this.tags, ...(this.error ? { error: this.error } : {}) };
    this.tags = [];
    this.error = undefined;
    return done;
  }

  private pop(): void {
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private unexpected(what: string, e: Expectation<S> | undefined): ProtocolViolation {
    return new ProtocolViolation(`upstream sent ${what} while the gateway expected a reply to ${e ? e.kind : 'nothing'}`);
  }
}

function tagOf(body: Buffer): string {
  const end = body.indexOf(0);
  return body.toString('utf8', 0, end < 0 ? body.length : end);
}
