import { spawn } from 'node:child_process';
import { requireBinary } from '../support/binaries.js';
import { collect, type CliResult } from '../cli/run-cli.js';

/** `airlock login` running in a child process, for flows that need its stderr before it exits. */
export interface RunningLogin {
  /** Resolves with the first match of `pattern` in stderr so far or to come. */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
  readonly done: Promise<CliResult>;
}

export function startLogin(args: string[], env: Record<string, string>): RunningLogin {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'login', ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end();
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    done,
    stderrMatch: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = stderr.match(pattern);
          if (m) resolve(m);
          return m !== null;
        };
        if (check()) return;
        child.stderr.on('data', check);
        void done.then(() => check() || reject(new Error(`login exited without printing ${pattern}: ${stderr}`)));
      }),
  };
}

/** Pastes the printed client settings into a shell, with psql running `sql`: what a user would do. */
export function pasteAndRun(settings: string, sql: string): Promise<CliResult> {
  const psql = requireBinary('psql', 'postgresql-client');
  const script = settings.replace(/^psql /m, `${psql} -X -At -v ON_ERROR_STOP=1 -c '${sql}' `);
  return collect(spawn('sh', ['-c', script], { env: { ...process.env, PGCONNECT_TIMEOUT: '10' } }));
}
