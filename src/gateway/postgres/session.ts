import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { ApprovalRequest, Decision, RefusingState } from '../../core/approval.js';
import type { ApprovalGate } from '../../core/approval-gate.js';
import type { AuditEventInput, AuditSink } from '../../core/audit-event.js';
import type { MetricsSink } from '../../core/metrics.js';
import type { Session } from '../../core/session.js';
import type { SessionSummary } from '../../core/session-summary.js';
import type { Verdict } from '../../core/verdict.js';
import type { Logger } from '../../util/log.js';
import { SessionTally } from '../session-tally.js';
import { OrderedWriter } from './ordered-writer.js';
import { PipelineTracker, type Completion, type Expectation } from './pipeline-tracker.js';
import { SQLSTATE } from './sqlstate.js';
import type { ApprovalRef, StatementJudge } from './statement-judge.js';
import type { UpstreamConnection } from './upstream/connect-upstream.js';
import { rowsFromTag } from './wire/backend-decode.js';
import { errorResponse, noticeResponse, readyForQuery, type TransactionStatus } from './wire/backend-messages.js';
import { parseMessage, queryMessage } from './wire/frontend-encode.js';
import { decisionReply, heldNotice } from './decision-reply.js';
import { BackendScanner } from './wire/backend-scanner.js';
import { FrontendFramer, type Frame } from './wire/frontend-framer.js';
import { cstringBody, decodeBind, decodeExecute, decodeParse, decodeTarget } from './wire/frontend-messages.js';
import { ProtocolViolation } from './wire/protocol-error.js';
import { verdictError } from './verdict-error.js';
import type { Masker } from '../../masking/masker.js';
import type { RecheckResult } from '../../core/identity.js';
import type { MaskingCatalog } from './masking/masking-catalog.js';
import { ResultMasker, REWRITTEN } from './masking/result-masker.js';
import { ResultRecorder } from './result-recorder.js';

export interface SessionDeps {
  readonly audit: AuditSink;
  readonly metrics: MetricsSink;
  readonly log: Logger;
  /** Where `review` verdicts are parked; without it they are refused. */
  readonly approvals?: ApprovalGate;
  /** What a held statement would touch, for reviewers ("DELETE on public.orders, ~12 rows"); never rejects. */
  readonly previewImpact?: (sql: string) => Promise<string | null>;
  /** Told what the session did once it ended and its `session.end` event was recorded; must not throw. */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
  /** The connection's masking set and catalog; without it results pass through unchanged. */
  readonly masking?: SessionMasking;
  /** Result rows to keep in each statement's audit event, for replay; none without it. */
  readonly record?: { readonly rows: number | 'all'; readonly bytes: number };
  /** For a token its issuer can revoke: asked again at a statement boundary, at most every `everyMs`. */
  readonly recheck?: { readonly ask: () => Promise<RecheckResult>; readonly everyMs: number };
}

export interface SessionMasking {
  readonly masker: Masker;
  readonly catalog: MaskingCatalog;
  /** Reads the catalog again (after this session changed the schema). */
  readonly reload: () => Promise<MaskingCatalog>;
}

interface Stmt {
  readonly text: string;
  readonly verdict: Verdict;
  readonly started: number;
  readonly via: 'simple' | 'extended';
  /** Set when a reviewer let this statement run. */
  readonly approval?: ApprovalRef;
}

/** A statement refused by policy, or (with `approval`) by the approval request that closed without letting it run. */
interface Refused {
  readonly text: string;
  readonly verdict: Verdict;
  readonly approval?: { readonly id: string; readonly decision: RefusingState };
}

/** Client bytes buffered while a statement waits for approval; a client that floods past this is cut off. */
const MAX_BACKLOG_BYTES = 64 * 1024 * 1024;

const denied = (reason: string): Verdict => ({ action: 'deny', reasons: [reason], tables: [], kinds: [] });
const FUNCTION_CALL = { text: '(FunctionCall protocol message)', verdict: denied('the FunctionCall protocol message is not allowed') };

const code = (s: string) => s.charCodeAt(0);
const READY_FOR_QUERY = code('Z');
const DATA_ROW = code('D');
const ROW_DESCRIPTION = code('T');
const EMPTY = Buffer.alloc(0);
const TERMINATE = Buffer.from([code('X'), 0, 0, 0, 4]);
const T = {
  query: code('Q'), parse: code('P'), bind: code('B'), describe: code('D'), execute: code('E'), close: code('C'),
  sync: code('S'), flush: code('H'), terminate: code('X'), functionCall: code('F'),
  copyData: code('d'), copyDone: code('c'), copyFail: code('f'),
};

/**
 * One agent connection after startup: every client message is judged before it is forwarded, every
 * upstream reply is tied back to the statement that caused it, and ReadyForQuery reaches the agent only
 * once the statement's audit event is durable.
 */
export class PostgresSession {
  private readonly tracker = new PipelineTracker<Stmt>();
  private readonly tally = new SessionTally();
  private readonly scanner = new BackendScanner();
  private readonly writer: OrderedWriter;
  private readonly client: Socket;
  private readonly upstream: Socket;
  private txStatus: TransactionStatus;
  private skipUntilSync = false;
  private auditWaits: Promise<void>[] = [];
  private closeAfterCycle = false;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];
  private readonly results: ResultMasker | undefined;
  private readonly recorder: ResultRecorder | undefined;
  /**
   * Why masking a result failed, until the cycle's ReadyForQuery: everything before it is withheld,
   * and the cycle's statement events say so.
   */
  private withheld: string | undefined;
  private reloading = false;
  private revoked = false;
  private rechecking = false;
  /** The login itself was the first check. */
  private recheckedAt = Date.now();
  /** For the result masker (which portal rows come from, a COPY's text); made once, as it is passed for every row. */
  private readonly answering = (): Expectation<Stmt> | undefined => this.tracker.expected;
  /** Set while a statement waits for a decision; later client messages queue behind it. */
  private hold: { readonly abort: AbortController; backlog: Frame[]; backlogBytes: number } | null = null;

  private readonly framer: FrontendFramer;
  private readonly pending: Frame[];

  constructor(
    readonly session: Session,
    agent: { readonly socket: Socket; readonly framer: FrontendFramer; readonly pending: Frame[] },
    private readonly up: UpstreamConnection,
    private readonly judge: StatementJudge,
    private readonly deps: SessionDeps,
  ) {
    this.client = agent.socket;
    this.framer = agent.framer;
    this.pending = agent.pending;
    this.upstream = up.socket;
    this.txStatus = up.transactionStatus;
    this.writer = new OrderedWriter(this.client, (paused) => (paused ? this.upstream.pause() : this.upstream.resume()));
    if (deps.masking) {
      const masking = deps.masking;
      this.results = new ResultMasker(masking.masker, masking.catalog, () => this.reloadCatalog(masking));
    }
    if (deps.record) this.recorder = new ResultRecorder(deps.record.rows, deps.record.bytes);
    this.scanner.reportRows = this.results !== undefined || this.recorder !== undefined;
  }

  /** Starts relaying; the startup reply (AuthenticationOk … ReadyForQuery) must already be queued by the caller. */
  start(): void {
    this.client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    this.upstream.on('data', (chunk: Buffer) => this.onUpstreamData(chunk));
    this.client.on('close', () => this.finish('client disconnected'));
    this.upstream.on('close', () => this.finish('upstream closed the connection', true));
    this.client.on('error', (err) => this.deps.log.debug('client socket error', { session: this.session.id, error: err }));
    this.upstream.on('error', (err) => this.deps.log.warn('upstream socket error', { session: this.session.id, error: err }));
    if (this.up.leftover.length > 0) this.onUpstreamData(this.up.leftover);
    this.handleFrames(this.pending);
    this.client.resume();
    this.upstream.resume();
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Graceful stop: close now if idle, else right after the current cycle's ReadyForQuery. */
  shutdown(): void {
    if (this.tracker.idle) this.endGracefully();
    else this.closeAfterCycle = true;
  }

  /** Ends after whatever is already queued for the agent (results waiting on their audit events included). */
  private endGracefully(): void {
    const message = 'airlock: the gateway is shutting down';
    this.writer.end(errorResponse({ severity: 'FATAL', code: SQLSTATE.adminShutdown, message }), () => this.finish('gateway shutting down'));
  }

  /** Ends the session at once with a FATAL to the agent. */
  terminate(sqlstate: string, message: string): void {
    if (this.closed) return;
    this.client.end(errorResponse({ severity: 'FATAL', code: sqlstate, message }));
    this.finish(message.replace(/^airlock: /, ''));
  }

  private onClientData(chunk: Buffer): void {
    let frames: Frame[];
    try {
      frames = this.framer.push(chunk);
    } catch (err) {
      this.protocolFailure(err);
      return;
    }
    this.handleFrames(frames);
  }

  private handleFrames(frames: readonly Frame[]): void {
    if (this.hold) return this.queueBehindHold(frames);
    if (frames.length < 2) return this.handleEach(frames);
    // An extended-protocol cycle (Parse, Bind, Describe, Execute, Sync) arrives in one chunk: one write upstream, not five.
    this.upstream.cork();
    try {
      this.handleEach(frames);
    } finally {
      this.upstream.uncork();
    }
  }

  private handleEach(frames: readonly Frame[]): void {
    for (let i = 0; i < frames.length; i++) {
      if (this.closed) return;
      let waiting: Promise<void> | void;
      try {
        waiting = this.handleFrame(frames[i]!);
      } catch (err) {
        return this.protocolFailure(err);
      }
      if (waiting) {
        this.queueBehindHold(frames.slice(i + 1));
        waiting.then(() => this.releaseHold(), (err: unknown) => this.protocolFailure(err));
        return;
      }
    }
  }

  /** Keeps reading while a statement waits, so a disconnect is noticed (and the request cancelled). */
  private queueBehindHold(frames: readonly Frame[]): void {
    const hold = this.hold!;
    for (const f of frames) {
      hold.backlog.push(f);
      hold.backlogBytes += f.raw.length;
    }
    if (hold.backlogBytes > MAX_BACKLOG_BYTES) {
      this.protocolFailure(new ProtocolViolation('too much data sent while a statement waits for approval'));
    }
  }

  private releaseHold(): void {
    const backlog = this.hold?.backlog ?? [];
    this.hold = null;
    if (!this.closed) this.handleFrames(backlog);
  }

  private handleFrame(f: Frame): void | Promise<void> {
    if (this.skipUntilSync && f.type !== T.sync && f.type !== T.terminate) return;
    switch (f.type) {
      case T.query:
        return this.onQuery(f);
      case T.parse:
        return this.onParse(f);
      case T.bind:
        return this.onBind(f);
      case T.execute:
        return this.onExecute(f);
      case T.describe: {
        const d = decodeTarget(f.body, 'Describe');
        return this.forward(f, { kind: d.target === 'S' ? 'describe-statement' : 'describe-portal', name: d.name });
      }
      case T.close: {
        const c = decodeTarget(f.body, 'Close');
        this.judge.close(c.target, c.name);
        return this.forward(f, { kind: 'close', target: c.target, name: c.name });
      }
      case T.sync:
        this.skipUntilSync = false;
        return this.forward(f, { kind: 'sync' });
      case T.flush:
      case T.copyData:
      case T.copyDone:
      case T.copyFail:
        this.upstream.write(f.raw);
        return;
      case T.terminate:
        // Ended here (finish terminates the upstream too): otherwise whichever socket closes first names the reason.
        this.client.end();
        this.finish('client disconnected');
        return;
      case T.functionCall:
        return this.refuse(FUNCTION_CALL, 'simple', { code: SQLSTATE.featureNotSupported, message: 'airlock: the FunctionCall protocol message is not allowed' });
      default:
        throw new ProtocolViolation(`unexpected message '${String.fromCharCode(f.type)}' after startup`);
    }
  }

  private onQuery(f: Frame): void | Promise<void> {
    const text = cstringBody(f.body, 'Query');
    if (!this.admit(text, 'simple')) return;
    const verdict = this.judge.query(text);
    this.count(verdict);
    if (verdict.action === 'review' && this.deps.approvals) {
      return this.holdForApproval(text, verdict, 'simple', (run, approval) => {
        const raw = run === text ? f.raw : queryMessage(run);
        this.forward({ ...f, raw }, { kind: 'query', stmt: { text: run, verdict, started: performance.now(), via: 'simple', approval } });
      });
    }
    if (verdict.action !== 'allow') return this.refuse({ text, verdict }, 'simple');
    this.forward(f, { kind: 'query', stmt: { text, verdict, started: performance.now(), via: 'simple' } });
  }

  private onParse(f: Frame): void | Promise<void> {
    const { name, sql } = decodeParse(f.body);
    if (!this.admit(sql, 'extended')) return;
    const verdict = this.judge.parse(name, sql);
    this.count(verdict);
    if (verdict.action === 'review' && this.deps.approvals) {
      return this.holdForApproval(sql, verdict, 'extended', (run, approval) => {
        this.judge.approved(name, run, verdict, approval);
        this.forward({ ...f, raw: run === sql ? f.raw : parseMessage(name, run) }, { kind: 'parse', name });
      });
    }
    if (verdict.action !== 'allow') return this.refuse({ text: sql, verdict }, 'extended');
    this.forward(f, { kind: 'parse', name });
  }

  /**
   * Parks a statement the policy sent to review: tells the agent the request id first, waits for the
   * decision, then runs the approved (or a reviewer's modified) text or refuses it. A modified text is
   * classified again, and a policy `deny` still wins over a reviewer.
   */
  private async holdForApproval(
    text: string,
    verdict: Verdict,
    via: Stmt['via'],
    run: (text: string, approval: ApprovalRef) => void,
  ): Promise<void> {
    const gate = this.deps.approvals!;
    const abort = new AbortController();
    this.hold = { abort, backlog: [], backlogBytes: 0 };
    let parked: Pick<ApprovalRequest, 'id' | 'command' | 'createdAt' | 'expiresAt'> | undefined;
    let decision: Decision;
    // Bounded by the preview's own timeout; later client messages already queue behind the hold.
    const impact = async () => (await this.deps.previewImpact?.(text)) ?? null;
    try {
      const command = { text, reasons: verdict.reasons, tables: verdict.tables, impact, shape: this.judge.fingerprint(text) };
      decision = await gate.hold(command, this.session, {
        signal: abort.signal,
        onParked: (request) => {
          parked = request;
          this.sendNotice(heldNotice(request));
        },
      });
    } catch (err) {
      if (this.closed) return;
      const why = err instanceof Error ? err.message : 'approvals are unavailable';
      return this.refuse({ text, verdict }, via, verdictError(verdict, why));
    }
    if (this.closed) return;
    if (decision.kind === 'covered') return run(text, { id: decision.requestId, decision: 'covered', by: [decision.by] });
    // Every other decision closes a request this session made; without one the session fails closed.
    if (!parked) throw new Error('an approval decision arrived for a request that was never parked');
    const reply = decisionReply(parked, decision);
    if (reply.kind === 'refuse') {
      return this.refuse({ text, verdict, approval: { id: parked.id, decision: reply.decision } }, via, { code: reply.code, message: reply.message });
    }
    if (reply.text !== text) {
      const modified = this.judge.query(reply.text);
      if (modified.action === 'deny') {
        gate.reportOutcome(parked.id, false, 'the modified statement is blocked by policy');
        return this.refuse({ text: reply.text, verdict: modified }, via);
      }
    }
    if (reply.notice) this.sendNotice(reply.notice);
    const approval: ApprovalRef =
      decision.kind === 'modified'
        ? { id: parked.id, decision: 'modified', by: [decision.by] }
        : { id: parked.id, decision: 'approved', by: decision.kind === 'approved' ? decision.by : [] };
    run(reply.text, approval);
  }

  /** A NOTICE in pipeline order (after any responses still due for earlier messages). */
  private sendNotice(message: string): void {
    const bytes = noticeResponse({ code: '00000', message });
    this.tracker.push({ kind: 'synthetic', ready: false, render: () => bytes });
    this.deliverSynthetics();
  }

  private onBind(f: Frame): void {
    const b = decodeBind(f.body);
    const verdict = this.judge.bind(b.portal, b.statement, b.textParams);
    if (verdict.action !== 'allow') {
      this.count(verdict);
      const note = 'an approval covers one execution; prepare the statement again to ask for another';
      return this.refuse({ text: `(bind of statement "${b.statement}")`, verdict }, 'extended', verdictError(verdict, note));
    }
    this.forward(f, { kind: 'bind', portal: b.portal, statement: b.statement, resultFormats: b.resultFormats });
  }

  private onExecute(f: Frame): void {
    const { portal } = decodeExecute(f.body);
    const judged = this.judge.execute(portal);
    // An unknown portal can't run anything: the server answers with an error, which we relay.
    const stmt: Stmt = judged
      ? { ...judged, started: performance.now(), via: 'extended' }
      : { text: `(execute of unknown portal "${portal}")`, verdict: { action: 'allow', reasons: [], tables: [], kinds: [] }, started: performance.now(), via: 'extended' };
    this.forward(f, { kind: 'execute', stmt, portal });
  }

  /** Checks that apply before any new statement: the token is still valid and the audit trail can record it. */
  private admit(text: string, via: Stmt['via']): boolean {
    const expires = this.session.identity.expiresAt;
    if (expires && expires.getTime() <= Date.now()) {
      this.terminate(SQLSTATE.invalidPassword, 'airlock: your token has expired; reconnect with a fresh one');
      return false;
    }
    if (this.revoked) {
      this.terminate(SQLSTATE.invalidPassword, 'airlock: your token was revoked at the identity provider; log in again');
      return false;
    }
    this.recheckToken();
    if (!this.deps.audit.accepting) {
      const message = 'airlock: the audit trail is unavailable, so new statements are refused; try again shortly';
      this.refuse({ text, verdict: denied('audit trail unavailable') }, via, { code: SQLSTATE.cannotConnectNow, message }, false);
      return false;
    }
    return true;
  }

  private forward(f: Frame, e: Expectation<Stmt>): void {
    this.tracker.push(e);
    this.upstream.write(f.raw);
  }

  /**
   * Answers in the gateway's own name at the right point of the pipeline. In the extended protocol the
   * server would skip to the next Sync after an error; we do the same with the client's messages.
   */
  private refuse(judged: Refused, via: Stmt['via'], err = verdictError(judged.verdict), audit = true): void {
    this.tally.refused(judged.approval?.decision, judged);
    if (audit) {
      this.record('statement', {
        text: judged.text,
        action: judged.verdict.action,
        reasons: judged.verdict.reasons,
        tables: judged.verdict.tables,
        via,
        ...(judged.approval ? { approval: judged.approval } : {}),
        refused: true,
        error: err,
      });
    }
    const bytes = errorResponse({ severity: 'ERROR', ...err });
    const ready = via === 'simple';
    if (!ready) this.skipUntilSync = true;
    this.tracker.push({ kind: 'synthetic', ready, render: (status) => (ready ? Buffer.concat([bytes, readyForQuery(status)]) : bytes) });
    this.deliverSynthetics();
  }

  private deliverSynthetics(): void {
    for (let s = this.tracker.takeSynthetic(); s; s = this.tracker.takeSynthetic()) {
      if (s.ready) this.gateOnAudit();
      this.writer.write(s.render(this.txStatus));
      if (s.ready) this.afterCycle();
    }
  }

  private onUpstreamData(chunk: Buffer): void {
    try {
      const { buf, messages, writable } = this.scanner.scan(chunk);
      // Masked messages split a chunk into pieces; they are gathered and written once, not per row.
      // Rows rewritten one after another lie back to back in the masker's builder and make one piece.
      const rows = this.results?.rows;
      const pieces: Buffer[] = [];
      let from = 0;
      const endRows = () => {
        const run = rows?.take();
        if (run?.length) pieces.push(run);
      };
      // buf[from, to) goes out unchanged, after the rows rewritten so far.
      const forward = (to: number) => {
        endRows();
        if (from < to) pieces.push(buf.subarray(from, to));
      };
      const flush = () => {
        endRows();
        if (pieces.length) this.writer.write(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces));
        pieces.length = 0;
      };
      for (const m of messages) {
        let sent: Buffer | undefined;
        if (this.results) {
          // Unchanged bytes before this message end the run of rows rewritten so far: a row rewritten
          // now starts a run of its own, and those bytes go between the two.
          if (from < m.start) endRows();
          const masked = this.mask(m.type, buf, m.start, m.end);
          if (masked === REWRITTEN) {
            if (from < m.start) pieces.push(buf.subarray(from, m.start));
            from = m.end;
            if (this.recorder) sent = this.results.rows.last();
          } else if (masked !== undefined) {
            forward(m.start);
            pieces.push(masked);
            // A ReadyForQuery itself still goes out below, behind the audit gate.
            from = m.type === READY_FOR_QUERY ? m.start : m.end;
            sent = masked;
          }
        }
        // What is recorded is what the agent got: the masked row, and nothing of a withheld one.
        if (this.recorder && (m.type === DATA_ROW || m.type === ROW_DESCRIPTION)) this.recordResult(this.recorder, m.type, sent ?? buf.subarray(m.start, m.end));
        // DataRows (reported only when masking or recording) never change what the tracker expects.
        if (m.type === DATA_ROW) continue;
        const r = this.tracker.onBackend(m.type, buf.subarray(m.start + 5, m.end));
        if (r.kind === 'completed') this.complete(r.completion);
        else if (r.kind === 'ready') {
          if (r.completion) this.complete(r.completion);
          this.withheld = undefined;
          this.txStatus = r.status;
          flush();
          // The cycle's last segment goes out in one write once its audit events are durable.
          this.gateOnAudit();
          this.writer.write(buf.subarray(from, m.end));
          from = m.end;
          this.afterCycle();
        }
        if (this.tracker.syntheticNext) {
          forward(m.end);
          flush();
          from = m.end;
          this.deliverSynthetics();
        }
      }
      forward(writable);
      flush();
    } catch (err) {
      this.protocolFailure(err);
    }
  }

  /**
   * The bytes the agent gets instead of the upstream message in buf[start, end), REWRITTEN for a row
   * rewritten into the masker's rows, or undefined for the message as is. When masking fails the rest
   * of the cycle is withheld (never forwarded raw) and replaced by one error before its ReadyForQuery.
   */
  private mask(type: number, buf: Buffer, start: number, end: number): Buffer | typeof REWRITTEN | undefined {
    if (this.withheld !== undefined) {
      // Still told, so later executions are masked by the statements and portals this cycle made.
      this.results?.skip(type, buf, start, end, this.answering);
      if (type !== READY_FOR_QUERY) return EMPTY;
      const message = `airlock: the result was withheld because it could not be masked: ${this.withheld}`;
      return errorResponse({ severity: 'ERROR', code: SQLSTATE.internalError, message });
    }
    try {
      return this.results?.transform(type, buf, start, end, this.answering);
    } catch (err) {
      if (err instanceof ProtocolViolation) throw err;
      this.withheld = err instanceof Error ? err.message : String(err);
      this.deps.log.error('masking failed; withholding the result', { session: this.session.id, error: err });
      return type === READY_FOR_QUERY ? this.mask(type, buf, start, end) : EMPTY;
    }
  }

  private complete(c: Completion<Stmt>): void {
    const seconds = (performance.now() - c.stmt.started) / 1000;
    this.deps.metrics.statementDuration('postgres', this.session.connection, seconds);
    const rows = c.tags.reduce<number | null>((sum, tag) => {
      const n = rowsFromTag(tag);
      return n === null ? sum : (sum ?? 0) + n;
    }, null);
    // A covered statement ran under an earlier request whose own outcome is already recorded. The command
    // tag ("DELETE 1") tells reviewers what the approval did.
    if (c.stmt.approval && c.stmt.approval.decision !== 'covered') this.deps.approvals?.reportOutcome(c.stmt.approval.id, !c.error, c.error?.message ?? (c.tags.join(', ') || undefined));
    this.tally.ran(c.stmt.approval?.decision, c.stmt);
    const masked = this.results?.counts.take();
    const recorded = this.recorder?.take();
    if (masked) this.tally.masked(masked.toJSON());
    // A schema change may add or rename masked columns; later statements see the catalog re-read.
    if (this.deps.masking && c.stmt.verdict.kinds.includes('ddl')) this.reloadCatalog(this.deps.masking);
    this.record('statement', {
      text: c.stmt.text,
      action: c.stmt.verdict.action,
      reasons: c.stmt.verdict.reasons,
      tables: c.stmt.verdict.tables,
      via: c.stmt.via,
      ...(c.stmt.approval ? { approval: c.stmt.approval } : {}),
      tags: c.tags,
      rows,
      durationMs: Math.round(seconds * 1e6) / 1e3,
      // Error messages can echo data, so the audit trail gets them masked as the agent did.
      ...(c.error ? { error: this.results ? { ...c.error, message: this.results.scrub(c.error.message) } : c.error } : {}),
      ...(masked?.total ? { masked: masked.toJSON() } : {}),
      ...(recorded?.length ? { results: recorded } : {}),
      ...(this.withheld !== undefined ? { withheld: this.withheld } : {}),
      ...(c.suspended ? { suspended: true } : {}),
    });
  }

  private recordResult(recorder: ResultRecorder, type: number, msg: Buffer): void {
    if (msg.length === 0) return;
    if (type === ROW_DESCRIPTION) recorder.describe(msg.subarray(5));
    else recorder.row(msg);
  }

  /**
   * Asks the token's issuer again in the background, so no statement waits for it; a revocation ends
   * the session at the next statement. No answer is not a revocation (the IdP may be briefly away).
   */
  private recheckToken(): void {
    const recheck = this.deps.recheck;
    if (!recheck || this.rechecking || Date.now() - this.recheckedAt < recheck.everyMs) return;
    this.rechecking = true;
    recheck
      .ask()
      .then(
        (result) => {
          if (result === 'revoked') this.revoked = true;
        },
        (err: unknown) => this.deps.log.warn('could not re-check the session token', { session: this.session.id, error: err }),
      )
      .finally(() => {
        this.rechecking = false;
        this.recheckedAt = Date.now();
      });
  }

  private reloadCatalog(masking: SessionMasking): void {
    if (this.reloading) return;
    this.reloading = true;
    masking
      .reload()
      .then(
        (catalog) => {
          if (this.results) this.results.catalog = catalog;
        },
        (err: unknown) => this.deps.log.warn('could not re-read the masking catalog; keeping the previous one', { session: this.session.id, error: err }),
      )
      .finally(() => (this.reloading = false));
  }

  private record(type: AuditEventInput['type'], data: Record<string, unknown>): void {
    const s = this.session;
    const p = this.deps.audit.record({
      type,
      at: new Date(),
      sessionId: s.id,
      identity: s.identity.name,
      connection: s.connection,
      protocol: 'postgres',
      data,
    });
    p.catch(() => undefined); // the gate below reports the failure; this only prevents an unhandled rejection
    this.auditWaits.push(p);
  }

  /** Holds everything written after this point until the cycle's audit events are durable. */
  private gateOnAudit(): void {
    if (this.auditWaits.length === 0) return;
    const waits = this.auditWaits;
    this.auditWaits = [];
    this.writer.gate(waits.length === 1 ? waits[0]! : Promise.all(waits), (err) => {
      this.deps.log.error('audit write failed; ending session without releasing the result', { session: this.session.id, error: err });
      this.client.destroy();
      this.finish('audit trail unavailable');
    });
  }

  private afterCycle(): void {
    if (this.closeAfterCycle && this.tracker.idle) this.endGracefully();
  }

  private count(verdict: Verdict): void {
    this.deps.metrics.statement('postgres', this.session.connection, verdict.action);
  }

  private protocolFailure(err: unknown): void {
    const message = err instanceof ProtocolViolation ? `airlock: protocol violation: ${err.message}` : 'airlock: internal error';
    if (!(err instanceof ProtocolViolation)) this.deps.log.error('session failed', { session: this.session.id, error: err });
    this.deps.metrics.protocolError('postgres');
    this.terminate(SQLSTATE.protocolViolation, message);
  }

  private finish(reason: string, upstreamGone = false): void {
    if (this.closed) return;
    this.closed = true;
    this.hold?.abort.abort(new Error(reason));
    if (upstreamGone && !this.client.destroyed) {
      this.client.end(errorResponse({ severity: 'FATAL', code: SQLSTATE.connectionFailure, message: 'airlock: the upstream database closed the connection' }));
    }
    if (!this.upstream.destroyed) this.upstream.end(TERMINATE);
    const s = this.session;
    const summary = this.tally.summary(s, new Date(), reason);
    const data = { reason, durationMs: summary.endedAt.getTime() - s.startedAt.getTime(), summary: summary.counts };
    // The trail hears of the end first; the callback (possibly async) can neither fail the session nor go unhandled.
    this.deps.audit
      .record({ type: 'session.end', at: summary.endedAt, sessionId: s.id, identity: s.identity.name, connection: s.connection, protocol: 'postgres', data })
      .catch((err: unknown) => this.deps.log.error('could not record session end', { session: s.id, error: err }))
      .then(() => this.deps.onSessionEnd?.(summary))
      .catch((err: unknown) => this.deps.log.error('session end callback failed', { session: s.id, error: err }));
    for (const l of this.closeListeners) l();
  }
}
