import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI from source in a child process, as a user would run `airlock …`. */
export function runCli(args: string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'error', ...opts.env };
    for (const name of ['AIRLOCK_URL', 'AIRLOCK_TOKEN', 'AIRLOCK_CONFIG'] as const) {
      if (!opts.env?.[name]) delete env[name];
    }
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env });
    collect(child).then(resolve, reject);
    child.stdin.end(opts.input ?? '');
  });
}

/** A child's exit code and everything it printed. */
export function collect(child: ChildProcessWithoutNullStreams): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
