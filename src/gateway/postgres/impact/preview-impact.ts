import { serialize } from 'pg-protocol';
import type { PostgresUpstreamConfig } from '../../../config/types.js';
import { connectUpstream, type UpstreamConnection } from '../upstream/connect-upstream.js';
import { deadline } from '../upstream/deadline.js';
import { simpleQuery } from '../upstream/simple-query.js';
import { queryMessage } from '../wire/frontend-encode.js';
import { describeImpact, impactUnknown } from './explain-impact.js';
import { explainText } from './explain-text.js';

const DEFAULT_TIMEOUT_MS = 2000;
const MAX_REASON_CHARS = 200;
const NO_DIRECT_WRITES = 'no direct writes (writes inside called functions are not estimated)';

/**
 * What a held statement would touch, from the planner's estimate on a connection of its own:
 * "DELETE on public.orders, ~12,304 rows", or "impact unknown: <why>". Plain EXPLAIN never executes
 * the statement; the READ ONLY transaction also stops anything the planner evaluates from writing.
 * Everything, connecting included, fits in `timeoutMs`. Never throws.
 */
export async function previewImpact(upstream: PostgresUpstreamConfig, sql: string, opts: { timeoutMs?: number } = {}): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: ReturnType<typeof deadline> | undefined;
  let conn: UpstreamConnection | undefined;
  try {
    timer = deadline(timeoutMs, 'estimating the impact');
    const explain = explainText(sql);
    if ('unknown' in explain) return impactUnknown(explain.unknown);
    conn = await connectUpstream(upstream, { applicationName: 'airlock:impact-preview', connectTimeoutMs: timeoutMs });
    const begin = await simpleQuery(conn, `BEGIN READ ONLY; SET LOCAL statement_timeout = ${Math.ceil(timeoutMs)}`, timer.signal);
    if (begin.error !== undefined) return unknown(begin.error, upstream);
    const plan = await simpleQuery(conn, explain.sql, timer.signal);
    if (plan.error !== undefined) return unknown(plan.error, upstream);
    return describeImpact(JSON.parse(plan.values[0] ?? 'null')) ?? NO_DIRECT_WRITES;
  } catch (err) {
    return unknown(err instanceof Error ? err.message : String(err), upstream);
  } finally {
    timer?.clear();
    if (conn) close(conn, timer?.signal.aborted ?? false);
  }
}

/** Short, and never carrying the stored credential (no message should, but this one reaches reviewers). */
function unknown(reason: string, upstream: PostgresUpstreamConfig): string {
  const safe = upstream.password ? reason.split(upstream.password).join('***') : reason;
  return impactUnknown(safe.length > MAX_REASON_CHARS ? `${safe.slice(0, MAX_REASON_CHARS - 1)}…` : safe);
}

/**
 * ROLLBACK then Terminate without waiting for the answer (statement_timeout stops a planner still at
 * work); a server that stopped answering is just dropped. A late socket error has nowhere to matter.
 */
function close(conn: UpstreamConnection, timedOut: boolean): void {
  conn.socket.on('error', () => undefined);
  if (timedOut) conn.socket.destroy();
  else conn.socket.end(Buffer.concat([queryMessage('ROLLBACK'), serialize.end()])).resume();
}
