import { createLogger } from '../../util/log.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { runUntilSignal } from '../run-until-signal.js';

export const demo: CliCommand = {
  name: 'demo',
  summary: 'run a local gateway in front of a sample database, with console reviews',
  help: `Usage: airlock demo

Starts a zero-config local gateway in front of a sample "production" database with fake
customer data, using the console review channel, and prints a psql line to try.
Needs Node and a redis-server binary on PATH (started as a child when REDIS_URL is unset).
Ctrl-C (SIGINT) or SIGTERM stops it.`,

  async run(args) {
    parseOptions(this, args, {});
    const log = createLogger({ demo: true });
    const { runDemo } = await import('../../demo/run-demo.js');
    return runUntilSignal(await runDemo({ log }), log);
  },
};
