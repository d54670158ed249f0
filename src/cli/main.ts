import { auditExport } from './commands/audit-export.js';
import { auditPrune } from './commands/audit-prune.js';
import { auditSessions } from './commands/audit-sessions.js';
import { auditVerify } from './commands/audit-verify.js';
import { demo } from './commands/demo.js';
import { login } from './commands/login.js';
import { replay } from './commands/replay.js';
import { digest } from './commands/digest.js';
import { reviewApprove } from './commands/review-approve.js';
import { reviewDeny } from './commands/review-deny.js';
import { reviewList } from './commands/review-list.js';
import { reviewModify } from './commands/review-modify.js';
import { reviewWatch } from './commands/review-watch.js';
import { start } from './commands/start.js';
import { tokenHash } from './commands/token-hash.js';
import type { CliCommand, CliIO } from './cli-command.js';
import { CliError } from './cli-error.js';
import { findCommand, usage } from './usage.js';

const COMMANDS: readonly CliCommand[] = [
  start,
  demo,
  reviewList,
  reviewApprove,
  reviewDeny,
  reviewModify,
  reviewWatch,
  auditExport,
  auditVerify,
  auditSessions,
  auditPrune,
  replay,
  digest,
  tokenHash,
  login,
];

const HELP = new Set(['--help', '-h']);

async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || (argv.length === 1 && HELP.has(argv[0] as string))) {
    (argv.length === 0 ? io.stderr : io.stdout).write(usage(COMMANDS));
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(COMMANDS, argv);
  if (!found) {
    // Command names have at most two words; anything after them is arguments, not part of the name.
    const words = argv.slice(0, 2).filter((a, i) => i === 0 || !a.startsWith('-'));
    io.stderr.write(`airlock: unknown command "${words.join(' ')}"\n\n${usage(COMMANDS)}`);
    return 2;
  }
  if (found.args.some((a) => HELP.has(a))) {
    io.stdout.write(found.command.help + '\n');
    return 0;
  }
  return found.command.run(found.args, io);
}

const io: CliIO = { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Operational failures (a port in use, a database down) read best as one line; the stack is for debugging.
    const detail = process.env.LOG_LEVEL === 'debug' && err instanceof Error ? err.stack : (err as Error).message;
    process.stderr.write(`airlock: ${err instanceof CliError ? err.message : detail ?? String(err)}\n`);
    process.exitCode = err instanceof CliError ? err.exitCode : 1;
  },
);
