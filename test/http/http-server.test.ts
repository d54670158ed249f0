import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ArrayAudit, auditEvent, startTestServer, TOKENS, type TestServer } from './stand-ins.js';

let running: TestServer | undefined;
afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

async function start(opts: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  running = await startTestServer(opts);
  return running;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Sends a chunked body (no Content-Length), so only the streaming limit can stop it. */
function postChunked(url: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...bearer(TOKENS.agent), 'transfer-encoding': 'chunked' } });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < bytes; sent += chunk.length) req.write(chunk);
    req.end();
  });
}

describe('authentication and authorization', () => {
  it('answers 401 with a Bearer challenge when no token is sent', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/audit/verify`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toEqual({ error: 'missing bearer token' });
  });

  it('answers 401 to an unknown token without echoing it', async () => {
    const { url } = await start();
    const token = 'tok-stolen-or-mistyped-123';
    const res = await fetch(`${url}/api/audit/verify`, { headers: bearer(token) });
    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toContain(token);
    expect(JSON.parse(body)).toEqual({ error: 'invalid bearer token' });
  });

  it('answers 403 naming the needed groups when the identity is not an audit reader', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/audit/events`, { headers: bearer(TOKENS.agent) });
    expect(res.status).toBe(403);
    const { error } = (await res.json()) as { error: string };
    expect(error).toContain('devin');
    expect(error).toContain('admins, auditors');
  });

  it('denies everyone on a route whose group list is empty', async () => {
    const { server, url } = await start();
    server.route('GET', '/locked', () => ({ text: 'in' }), { auth: { groups: [] } });
    const res = await fetch(`${url}/locked`, { headers: bearer(TOKENS.auditor) });
    expect(res.status).toBe(403);
  });
});

describe('audit API', () => {
  const events = [
    auditEvent(1, '2024-05-01T10:00:00Z', { text: 'select 1' }),
    auditEvent(2, '2024-05-02T10:00:00Z', { text: 'select "a", 2' }),
    auditEvent(3, '2024-05-03T10:00:00Z', { text: 'delete from t' }),
  ];

  it('exports JSON lines, passing since and until through to the trail', async () => {
    const { url, audit } = await start({ audit: new ArrayAudit(events) });
    const res = await fetch(`${url}/api/audit/events?since=2024-05-02T00:00:00Z&until=2024-05-03T00:00:00Z`, {
      headers: bearer(TOKENS.auditor),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await res.text()).trimEnd().split('\n').map((l) => JSON.parse(l) as { seq: number; data: unknown });
    expect(lines.map((l) => l.seq)).toEqual([2]);
    expect(lines[0]?.data).toEqual({ text: 'select "a", 2' });
    expect(audit.exportCalls).toEqual([
      { since: new Date('2024-05-02T00:00:00Z'), until: new Date('2024-05-03T00:00:00Z') },
    ]);
  });

  it('exports CSV with a header row and quoted fields', async () => {
    const { url } = await start({ audit: new ArrayAudit(events) });
    const res = await fetch(`${url}/api/audit/events?format=csv`, { headers: bearer(TOKENS.auditor) });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = (await res.text()).trimEnd().split('\n');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^at,chain,seq,type,/);
    expect(rows[2]).toContain('"{""text"":""select \\""a\\"", 2""}"');
  });

  it('rejects a date that is not ISO 8601 with 400 naming the parameter', async () => {
    const { url, audit } = await start();
    const res = await fetch(`${url}/api/audit/events?since=last%20tuesday`, { headers: bearer(TOKENS.auditor) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^since must be an ISO 8601 date/);
    expect(audit.exportCalls).toEqual([]);
  });

  it('rejects an unknown export format with 400', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/api/audit/events?format=xml`, { headers: bearer(TOKENS.auditor) });
    expect(res.status).toBe(400);
  });

  it('returns the verification result as JSON', async () => {
    const broken = { ok: false as const, count: 7, broken: { chain: 'gw-1', seq: 4, reason: 'hash mismatch' } };
    const { url } = await start({ audit: new ArrayAudit(events, broken) });
    const res = await fetch(`${url}/api/audit/verify`, { headers: bearer(TOKENS.auditor) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(broken);
  });

  it('cuts the export short instead of ending it cleanly when the trail fails midway', async () => {
    const failing = new ArrayAudit([]);
    failing.export = async function* () {
      yield events[0]!;
      throw new Error('database went away');
    };
    const { url } = await start({ audit: failing });
    const res = await fetch(`${url}/api/audit/events`, { headers: bearer(TOKENS.auditor) });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });
});

describe('routing', () => {
  it('passes URI-decoded path parameters to the handler', async () => {
    const { server, url } = await start();
    server.route('GET', '/api/reviews/:id', (ctx) => ({ json: { id: ctx.params.id, who: ctx.identity?.name } }));
    const res = await fetch(`${url}/api/reviews/req%2042`, { headers: bearer(TOKENS.agent) });
    expect(await res.json()).toEqual({ id: 'req 42', who: 'devin' });
  });

  it('gives handlers the raw body and parsed JSON', async () => {
    const { server, url } = await start();
    server.route('POST', '/echo', async (ctx) => ({ json: { raw: (await ctx.body()).toString(), parsed: await ctx.json() } }), {
      auth: false,
    });
    const res = await fetch(`${url}/echo`, { method: 'POST', body: '{"a": 1}' });
    expect(await res.json()).toEqual({ raw: '{"a": 1}', parsed: { a: 1 } });
  });

  it('answers 400 when a JSON body does not parse', async () => {
    const { server, url } = await start();
    server.route('POST', '/echo', async (ctx) => ({ json: await ctx.json() }), { auth: false });
    const res = await fetch(`${url}/echo`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'request body is not valid JSON' });
  });

  it('answers 413 to a body over 1 MiB, declared or chunked', async () => {
    const { server, url } = await start();
    server.route('POST', '/upload', async (ctx) => ({ text: String((await ctx.body()).length) }));
    const declared = await fetch(`${url}/upload`, {
      method: 'POST',
      headers: bearer(TOKENS.agent),
      body: Buffer.alloc(2 * 1024 * 1024),
    });
    expect(declared.status).toBe(413);
    const chunked = await postChunked(`${url}/upload`, 2 * 1024 * 1024);
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({ error: 'request body exceeds 1048576 bytes' });
    const small = await fetch(`${url}/upload`, { method: 'POST', headers: bearer(TOKENS.agent), body: 'hello' });
    expect(await small.text()).toBe('5');
  });

  it('answers 404 for unknown paths and 405 with Allow for a wrong method', async () => {
    const { url } = await start();
    expect((await fetch(`${url}/nope`)).status).toBe(404);
    const res = await fetch(`${url}/healthz`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });

  it('answers 500 without details when a handler throws', async () => {
    const { server, url } = await start();
    server.route('GET', '/boom', () => {
      throw new Error('connection string postgres://u:pw@db');
    }, { auth: false });
    const res = await fetch(`${url}/boom`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'internal error' });
  });

  it('refuses to register the same route twice', async () => {
    const { server } = await start();
    server.route('GET', '/api/reviews/:id', () => ({ text: 'a' }));
    expect(() => server.route('GET', '/api/reviews/:other', () => ({ text: 'b' }))).toThrow(/already registered/);
  });
});

describe('probes and metrics', () => {
  it('answers /healthz with ok', async () => {
    const { url } = await start();
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('answers /readyz with 503 naming every failed check, including one that throws', async () => {
    const { url } = await start({
      readiness: [
        { name: 'redis', check: () => false },
        { name: 'audit', check: async () => true },
        {
          name: 'postgres-listener',
          check: () => {
            throw new Error('down');
          },
        },
      ],
    });
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('not ready: redis, postgres-listener');
  });

  it('answers /readyz with ready when every check passes', async () => {
    const { url } = await start({ readiness: [{ name: 'redis', check: () => true }] });
    const res = await fetch(`${url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ready');
  });

  it('exposes the gateway metrics in Prometheus text format', async () => {
    const { url, metrics } = await start();
    metrics.sessionOpened('postgres', 'prod-db');
    metrics.statement('postgres', 'prod-db', 'allow');
    metrics.statement('postgres', 'prod-db', 'allow');
    metrics.statement('postgres', 'prod-db', 'deny');
    metrics.statementDuration('postgres', 'prod-db', 0.02);
    metrics.authFailure('postgres');
    metrics.watchAudit(() => ({ written: 12, spooled: 3, replayed: 2, pendingSpool: 1, batches: 4, lastFlushMs: 250 }));
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('airlock_sessions_active{protocol="postgres",connection="prod-db"} 1');
    expect(text).toContain('airlock_statements_total{protocol="postgres",connection="prod-db",action="allow"} 2');
    expect(text).toContain('airlock_statements_total{protocol="postgres",connection="prod-db",action="deny"} 1');
    expect(text).toContain('airlock_statement_duration_seconds_count{protocol="postgres",connection="prod-db"} 1');
    expect(text).toContain('airlock_auth_failures_total{protocol="postgres"} 1');
    expect(text).toContain('airlock_audit_events_written_total 12');
    expect(text).toContain('airlock_audit_spool_pending 1');
    expect(text).toContain('airlock_audit_last_flush_seconds 0.25');
    expect(text).toContain('airlock_process_cpu_seconds_total');
  });
});
