import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../support/databases.js';
import pg from 'pg';
import { serialize } from 'pg-protocol';
import { startTestGateway, type TestGateway } from './harness.js';
import { RawClient, rowValues } from './raw-client.js';

// Real psql and node-postgres through the gateway, against a table of fake people: what the agent
// receives is checked byte for byte for every raw value it must never see.

const SETUP = `
CREATE TABLE users (id int PRIMARY KEY, name text, email text UNIQUE, ssn text, password text, card text, note text, avatar bytea, age int);
INSERT INTO users VALUES
  (1, 'Ada', 'ada@example.com', '536-22-8917', 'hunter2-Pw', '4111 1111 1111 1111', 'call +44 20 7946 0958 from 10.20.30.40', '\\x0102', 36),
  (2, 'Bob', 'bob@example.org', '401-78-3321', 's3cret-Pw', '5500-0000-0000-0004', 'order ORD-2024-000123 on 2024-05-01, id 3f2b8c1e-9a4d-4c1b-8f00-1234567890ab', NULL, 41);
CREATE VIEW contacts AS SELECT id, email AS contact, name FROM users;
CREATE VIEW contacts2 AS SELECT contact AS c2 FROM contacts;
CREATE FUNCTION noisy(i int) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  IF i % 500 = 0 THEN RAISE NOTICE 'row % went to n%@example.com', i, i; END IF;
  RETURN CASE WHEN i % 3 = 0 THEN 'mail n' || i || '@example.com' ELSE 'row ' || i END;
END $$;
GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC;`;

const RAW = ['ada@example.com', 'bob@example.org', '536-22-8917', '401-78-3321', 'hunter2-Pw', 's3cret-Pw', '4111 1111 1111 1111', '5500-0000-0000-0004', '7946 0958', '10.20.30.40'];
const leaked = (text: string) => RAW.filter((raw) => text.includes(raw));
const PSEUDONYM = /^email_[0-9a-f]{8}$/;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({
    setupSql: SETUP,
    rules: [
      { match: { kinds: ['insert', 'ddl'] }, action: 'allow' },
      { match: { functions: ['noisy'] }, action: 'allow' },
    ],
    // Recorded rows must be the masked ones: the audit check below reads them too.
    recordRows: 'all',
    masking: {
      columns: [
        { pattern: '*.password', style: 'redact' },
        { pattern: '*.ssn', style: 'redact' },
        { pattern: 'users.email', style: 'pseudonym' },
        { pattern: 'users.avatar', style: 'redact' },
      ],
      detectors: ['email', 'credit_card', 'us_ssn', 'phone', 'ip', 'secrets'].map((name) => ({ name: name as 'email', style: 'redact' as const })),
      key: 'test-masking-key',
    },
  });
});
afterAll(() => gw?.close());

const rows = async (sql: string) => {
  const client = await gw.client();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
};

describe('masking results', () => {
  it('masks column rules and detected values in what psql prints, keeping everything else', async () => {
    const r = await gw.psql(['-A', '-t', '-F', '|', '-c', 'SELECT id, name, email, ssn, password, card, note, age FROM users ORDER BY id']);
    expect(r.code).toBe(0);
    expect(leaked(r.stdout)).toEqual([]);
    const [ada, bob] = r.stdout.trim().split('\n').map((l) => l.split('|'));
    expect(ada).toEqual(['1', 'Ada', expect.stringMatching(PSEUDONYM), '[MASKED]', '[MASKED]', '[CREDIT_CARD]', 'call [PHONE] from [IP_ADDRESS]', '36']);
    expect(bob?.[5]).toBe('[CREDIT_CARD]');
    // Order numbers, dates and UUIDs are not personal data.
    expect(bob?.[6]).toBe('order ORD-2024-000123 on 2024-05-01, id 3f2b8c1e-9a4d-4c1b-8f00-1234567890ab');
  });

  it('follows a masked column through aliases and views, with the same pseudonym everywhere so joins still work', async () => {
    const [direct] = await rows('SELECT email FROM users WHERE id = 1');
    const [aliased] = await rows('SELECT ssn AS x, email AS y FROM users WHERE id = 1');
    const [view] = await rows('SELECT contact FROM contacts WHERE id = 1');
    const [nested] = await rows('SELECT c2 FROM contacts2 LIMIT 1');
    expect(direct?.email).toMatch(PSEUDONYM);
    expect(aliased).toEqual({ x: '[MASKED]', y: direct?.email });
    expect(view?.contact).toBe(direct?.email);
    expect(nested?.c2).toMatch(PSEUDONYM);
    const grouped = await rows('SELECT email, count(*)::int AS n FROM users GROUP BY email ORDER BY email');
    expect(grouped.map((g) => g.n)).toEqual([1, 1]);
    expect(grouped.map((g) => g.email)).toContain(direct?.email);
  });

  it('falls back to the detectors for values computed from a masked column', async () => {
    expect(await rows('SELECT lower(email) AS e, upper(ssn) AS s FROM users WHERE id = 1')).toEqual([{ e: '[EMAIL]', s: '[US_SSN]' }]);
  });

  it('masks text-typed values in binary format and nulls other binary values of masked columns, saying so once', async () => {
    const client = await gw.client();
    const notices: string[] = [];
    client.on('notice', (n) => notices.push(n.message ?? ''));
    try {
      // node-postgres asks for binary results with `binary: true`, which its type definitions omit.
      // A parameter makes it an extended-protocol query, where the result format can be chosen.
      const res = await client.query({ text: 'SELECT ssn, age, avatar FROM users WHERE id > $1 ORDER BY id', values: [0], binary: true } as pg.QueryConfig);
      const ssn = res.rows.map((r: Record<string, unknown>) => String(r.ssn));
      expect(ssn).toEqual(['[MASKED]', '[MASKED]']);
      expect(res.rows.map((r: Record<string, unknown>) => r.avatar)).toEqual([null, null]);
      expect(res.rows.map((r: Record<string, unknown>) => r.age)).toEqual([36, 41]);
      expect(notices).toEqual(['airlock: 1 value of masked columns in a binary format were replaced by NULL; request text format to see them masked']);
    } finally {
      await client.end();
    }
  });

  it('masks values the server echoes in errors, including the key of a unique violation', async () => {
    const cast = await gw.psql(['-c', "SELECT 'ada@example.com'::int"]);
    // psql itself echoes the statement it sent ("LINE 1: …"); the server's message is what must be masked.
    expect(cast.stderr.split('\n')[0]).toBe('ERROR:  invalid input syntax for type integer: "[EMAIL]"');
    const dup = await gw.psql(['-c', "INSERT INTO users (id, email) VALUES (9, 'bob@example.org')"]);
    expect(dup.stderr).toMatch(/DETAIL: {2}Key \(email\)=\(email_[0-9a-f]{8}\) already exists\./);
    expect(leaked(dup.stderr)).toEqual([]);
  });

  it('masks notification payloads', async () => {
    const client = await gw.client();
    try {
      const got = new Promise<string | undefined>((resolve) => client.on('notification', (n) => resolve(n.payload)));
      await client.query('LISTEN contact_changes');
      await adminQuery(gw.database, "NOTIFY contact_changes, 'new address for ada: ada@example.com'");
      expect(await got).toBe('new address for ada: [EMAIL]');
    } finally {
      await client.end();
    }
  });

  it('masks COPY TO STDOUT in text and CSV, by column where the table is known and by detector elsewhere', async () => {
    const text = await gw.psql(['-c', 'COPY users (id, email, ssn, card) TO STDOUT']);
    expect(text.stdout.split('\n')[0]).toMatch(/^1\temail_[0-9a-f]{8}\t\[MASKED\]\t\[CREDIT_CARD\]$/);
    const csv = await gw.psql(['-c', 'COPY users (id, password, note) TO STDOUT WITH (FORMAT csv)']);
    expect(csv.stdout.split('\n')[0]).toBe('1,"[MASKED]",call [PHONE] from [IP_ADDRESS]');
    const query = await gw.psql(['-c', 'COPY (SELECT email FROM users ORDER BY id) TO STDOUT']);
    expect(query.stdout).toBe('[EMAIL]\n[EMAIL]\n');
    expect(leaked(text.stdout + csv.stdout + query.stdout)).toEqual([]);
  });

  it('withholds a result it cannot mask and says why, instead of forwarding it raw', async () => {
    const r = await gw.psql(['-c', 'COPY users TO STDOUT (FORMAT binary)']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('airlock: the result was withheld because it could not be masked: binary COPY of data that needs masking is not supported');
    expect(r.stdout).toBe('');
    // The session is still usable.
    expect(await rows('SELECT count(*)::int AS n FROM users')).toEqual([{ n: 2 }]);
  });

  it('refuses a result from a table newer than its catalog, then masks it once the catalog is read again', async () => {
    await adminQuery(gw.database, "CREATE TABLE staff (id int, ssn text); INSERT INTO staff VALUES (1, '536-22-8917'); GRANT ALL ON staff TO PUBLIC");
    const first = await gw.psql(['-A', '-t', '-c', 'SELECT id, ssn FROM staff']);
    expect(first.stderr).toContain('is newer than the masking catalog, which is being read again; run the statement again');
    expect(first.stdout).toBe('');
    await expect.poll(async () => (await gw.psql(['-A', '-t', '-c', 'SELECT id, ssn FROM staff'])).stdout, { timeout: 10_000 }).toBe('1|[MASKED]\n');
  });

  it("re-reads the catalog after the session's own DDL", async () => {
    const client = await gw.client();
    try {
      await client.query('CREATE TABLE contractors (id int, password text)');
      await client.query("INSERT INTO contractors VALUES (1, 'hunter2-Pw')");
      const read = async () => (await client.query('SELECT password FROM contractors').catch((err: Error) => ({ rows: [{ error: err.message }] }))).rows;
      await expect.poll(read, { timeout: 10_000 }).toEqual([{ password: '[MASKED]' }]);
    } finally {
      await client.end();
    }
  });

  it('keeps rows and notices in order when only some rows are masked, over a result many chunks long', async () => {
    const c = await RawClient.connect(gw.port);
    try {
      const got = await c.exchange([serialize.query('SELECT i, noisy(i) FROM generate_series(1, 20000) i')]);
      const seen = got.map((m) => {
        if (m.type === 'D') return `row ${rowValues(m.body).map((v) => v?.toString('utf8')).join('|')}`;
        if (m.type === 'N') return `notice ${/\0M([^\0]*)/.exec(m.body.toString('utf8'))?.[1]}`;
        return m.type;
      });
      // noisy() raises a NOTICE before every 500th row, and every third row needs the email detector.
      const expected = Array.from({ length: 20000 }, (_, n) => {
        const i = n + 1;
        const row = `row ${i}|${i % 3 === 0 ? 'mail [EMAIL]' : `row ${i}`}`;
        return i % 500 === 0 ? [`notice row ${i} went to [EMAIL]`, row] : [row];
      });
      expect(seen).toEqual(['T', ...expected.flat(), 'C', 'Z']);
    } finally {
      c.close();
    }
  });

  it('records what was masked, never the values, in the audit trail', async () => {
    await gw.psql(['-c', 'SELECT email, ssn, card FROM users ORDER BY id']);
    const events = await gw.auditEvents();
    const statement = events.filter((e) => e.type === 'statement' && e.data.text === 'SELECT email, ssn, card FROM users ORDER BY id').at(-1);
    expect(statement?.data.masked).toEqual({ 'public.users.email': 2, 'public.users.ssn': 2, CREDIT_CARD: 2 });
    expect(statement?.data.results).toEqual([
      { columns: ['email', 'ssn', 'card'], rows: [[expect.stringMatching(/^email_/), '[MASKED]', '[CREDIT_CARD]'], [expect.stringMatching(/^email_/), '[MASKED]', '[CREDIT_CARD]']], total: 2, truncated: false },
    ]);
    // The agent's own statement text is recorded as sent; everything the server answered is masked.
    const answers = events.map((e) => JSON.stringify({ ...e, data: { ...e.data, text: undefined } }));
    expect(answers.filter((a) => leaked(a).length)).toEqual([]);
  });
});
