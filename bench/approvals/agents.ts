import { performance } from 'node:perf_hooks';
import pg from 'pg';

export interface AgentEndpoint {
  readonly port: number;
  /** The gateway connection name. */
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

/** One agent session holding one statement. Times are epoch ms (`*At`) or performance.now() (`*Mono`). */
export interface HeldStatement {
  readonly client: pg.Client;
  /** From the gateway's NOTICE: the request id and its deadline. */
  id?: string;
  noticeExpiresAt?: number;
  /** When the statement finished, either way. */
  settledAt?: number;
  settledMono?: number;
  /** SQLSTATE of the refusal, or 'ok' with the row count. */
  outcome?: { readonly code: string; readonly rows?: number };
}

const HELD = /held for approval as ([^;\s]+);.* until ([^;\s]+)/;

/** Opens `count` sessions, `batch` at a time, so the accept path is never the thing measured. */
export async function openAgents(endpoint: AgentEndpoint, count: number, batch: number): Promise<pg.Client[]> {
  const clients: pg.Client[] = [];
  for (let start = 0; start < count; start += batch) {
    const group = Array.from({ length: Math.min(batch, count - start) }, () => {
      const c = new pg.Client({ host: '127.0.0.1', ...endpoint });
      c.on('error', () => undefined); // a dropped session shows as its query's rejection
      return c;
    });
    clients.push(...group); // before connecting, so a failed batch is still closed by closeAgents
    await Promise.all(group.map((c) => c.connect()));
  }
  return clients;
}

export async function closeAgents(clients: readonly pg.Client[]): Promise<void> {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
}

/**
 * Sends `sql(i)` on every client, `batch` at a time, each batch waiting until the gateway has parked
 * its statements (the NOTICE arrived) so the intake rate stays what the gateway can take.
 */
export async function holdStatements(clients: readonly pg.Client[], sql: (i: number) => string, batch: number): Promise<HeldStatement[]> {
  const held: HeldStatement[] = [];
  for (let start = 0; start < clients.length; start += batch) {
    const parked = clients.slice(start, start + batch).map((client, k) => send(client, sql(start + k), held));
    await Promise.all(parked);
  }
  return held;
}

function send(client: pg.Client, sql: string, into: HeldStatement[]): Promise<void> {
  const h: HeldStatement = { client };
  into.push(h);
  return new Promise<void>((parked, failed) => {
    client.on('notice', (n) => {
      const m = HELD.exec(n.message ?? '');
      if (!m || h.id) return;
      h.id = m[1];
      h.noticeExpiresAt = Date.parse(m[2]!);
      parked();
    });
    const settle = (outcome: HeldStatement['outcome']) => {
      h.settledAt = Date.now();
      h.settledMono = performance.now();
      h.outcome = outcome;
      if (!h.id) failed(new Error(`statement was not held (${outcome?.code}): ${sql}`));
    };
    client.query(sql).then(
      (r) => settle({ code: 'ok', rows: r.rowCount ?? 0 }),
      (err: unknown) => settle({ code: err instanceof pg.DatabaseError ? (err.code ?? '?') : String(err) }),
    );
  });
}

/** Resolves once every statement has settled. */
export async function allSettled(held: readonly HeldStatement[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (held.some((h) => !h.outcome)) {
    if (Date.now() > deadline) throw new Error(`${held.filter((h) => !h.outcome).length} held statements never settled`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
