import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDatabase } from '../support/databases.js';
import { freePort } from '../support/ports.js';
import { spawnServer, waitFor, type Spawned } from '../support/process.js';
import { runCli } from './run-cli.js';

let gateway: Spawned | undefined;
afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
});

describe('airlock start', () => {
  it('serves the HTTP API from the config file and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-start-'));
    const port = await freePort();
    const auditUrl = new URL(inject('pgAdminUrl'));
    auditUrl.pathname = `/${await createDatabase('cli_start_audit')}`;
    const file = join(dir, 'airlock.yaml');
    await writeFile(
      file,
      [
        'gateway:',
        '  id: gw-cli',
        `  http: { port: ${port}, host: 127.0.0.1 }`,
        'redis:',
        `  url: ${inject('redisUrl')}`,
        'audit:',
        `  database: ${auditUrl}`,
        `  spool: ${join(dir, 'spool')}`,
        'identity:',
        '  tokens:',
        '    - { name: carol, token: "${AUDITOR_TOKEN}", groups: [auditors] }',
      ].join('\n'),
    );
    const url = `http://127.0.0.1:${port}`;
    gateway = spawnServer([process.execPath, '--import', 'tsx', 'src/cli/main.ts', 'start', '-c', file], {
      env: { ...process.env, AUDITOR_TOKEN: 'tok-carol-4e1f', LOG_LEVEL: 'warn' },
    });
    await waitFor(async () => (await fetch(`${url}/readyz`)).ok, 'the gateway to be ready');

    const verify = await runCli(['audit', 'verify'], { env: { AIRLOCK_URL: url, AIRLOCK_TOKEN: 'tok-carol-4e1f' } });
    expect(verify).toMatchObject({ code: 0, stdout: 'ok 0 events\n' });

    const child = gateway.child;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(gateway.output()).not.toContain('tok-carol-4e1f');
  });

  it('prints each config error prefixed with the file name, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airlock-cli-'));
    const file = join(dir, 'airlock.yaml');
    await writeFile(
      file,
      [
        'connections:',
        '  - name: prod-db',
        '    type: postgres',
        '    upstream: { host: 127.0.0.1, port: 5432, database: app, user: app }',
        '    policy: no-such-policy',
        '    reviewers: [dba]',
      ].join('\n'),
    );
    const r = await runCli(['start', '-c', file]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.startsWith(`${file}: `)).toBe(true);
    expect(r.stderr).toContain(`${file}: connections[0].policy: `);
  });

  it('names a config file that cannot be read once, exit 2', async () => {
    const r = await runCli(['start', '-c', 'no-such-airlock.yaml']);
    expect(r).toMatchObject({ code: 2, stderr: 'no-such-airlock.yaml: cannot read config file (ENOENT)\n' });
  });

  it('asks for a config file when given none, exit 2', async () => {
    const r = await runCli(['start']);
    expect(r).toMatchObject({ code: 2, stderr: 'airlock: no config file: pass -c FILE or set AIRLOCK_CONFIG\n' });
  });
});
