import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type RunningDemo } from '../../src/demo/run-demo.js';
import { silentLogger } from '../../src/util/log.js';
import { freePort } from '../support/ports.js';
import { psql } from '../support/psql.js';

let demo: RunningDemo;
let printed = '';

beforeAll(async () => {
  demo = await runDemo({
    log: silentLogger,
    dataDir: mkdtempSync(join(tmpdir(), 'airlock-demo-')),
    postgresPort: await freePort(),
    httpPort: await freePort(),
    print: (t) => (printed += t + '\n'),
    consoleOut: new PassThrough(),
  });
}, 120_000);
afterAll(() => demo?.close());

describe('airlock demo', () => {
  it('prints a psql line that works against the sample data', async () => {
    const line = /psql "host=127\.0\.0\.1 port=(\d+) dbname=prod user=agent password=(\S+)"/.exec(printed);
    expect(line).not.toBeNull();
    const target = { port: Number(line![1]), dbname: 'prod', user: 'agent', password: line![2]! };
    const r = await psql(target, ['-c', 'SELECT name FROM customers ORDER BY id LIMIT 2']);
    expect(r.stdout).toBe('Ada Lovelace\nGrace Hopper\n');
    const blocked = await psql(target, ['-c', "COPY customers TO PROGRAM 'cat'"]);
    expect(blocked.stderr).toMatch(/blocked by policy/);
  });

  it('masks the sample PII and secrets before the agent sees them', async () => {
    const line = /password=(\S+)"/.exec(printed)!;
    const target = { port: demo.postgresPort, dbname: 'prod', user: 'agent', password: line[1]! };
    const r = await psql(target, ['-A', '-t', '-F', '|', '-c', 'SELECT name, email, phone, card_number, ssn, api_key FROM customers WHERE id = 1']);
    const [name, email, phone, card, ssn, key] = r.stdout.trim().split('|');
    expect({ name, ssn, key, phone }).toEqual({ name: 'Ada Lovelace', ssn: '[MASKED]', key: '[MASKED]', phone: '[PHONE]' });
    expect(email).toMatch(/^email_[0-9a-f]{8}$/);
    expect(card).toMatch(/1111$/);
    expect(r.stdout).not.toContain('4111 1111 1111 1111');
  });

  it('holds a write until the printed reviewer approves it through the review API', async () => {
    const line = /password=(\S+)"/.exec(printed)!;
    const target = { port: demo.postgresPort, dbname: 'prod', user: 'agent', password: line[1]! };
    const api = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${demo.httpPort}${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${demo.reviewerToken}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const held = psql(target, ['-c', "DELETE FROM orders WHERE status = 'refunded'"]);
    let pending: Array<{ id: string }> = [];
    for (let i = 0; i < 100 && pending.length === 0; i++) {
      pending = (await (await api('/api/reviews')).json()) as Array<{ id: string }>;
      if (pending.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(pending).toHaveLength(1);
    expect((await api(`/api/reviews/${pending[0]!.id}/approve`, { reason: 'demo' })).status).toBe(200);
    const r = await held;
    expect(r.stderr).toContain(`statement held for approval as ${pending[0]!.id}`);
    expect(r.stdout).toMatch(/^DELETE [1-9]\d*\n$/);
    expect((await psql(target, ['-c', "SELECT count(*) FROM orders WHERE status = 'refunded'"])).stdout).toBe('0\n');
  });

  it('serves the audit trail to the printed reviewer token', async () => {
    const res = await fetch(`http://127.0.0.1:${demo.httpPort}/api/audit/verify`, { headers: { authorization: `Bearer ${demo.reviewerToken}` } });
    expect(await res.json()).toMatchObject({ ok: true });
  });
});
