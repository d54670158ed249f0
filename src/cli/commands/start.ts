import { ConfigError } from '../../config/config-error.js';
import { createLogger } from '../../util/log.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { runUntilSignal } from '../run-until-signal.js';

/** One line per problem, each prefixed with the file as a compiler would (some loader messages already carry it). */
function configErrorLines(path: string, err: ConfigError): string {
  return err.errors.map((line) => (line.startsWith(`${path}: `) ? line : `${path}: ${line}`) + '\n').join('');
}

export const start: CliCommand = {
  name: 'start',
  summary: 'run the gateway from a config file',
  help: `Usage: airlock start -c FILE

Runs the gateway: every listener, bot, worker and scheduler the config file names.
The file may also be given in AIRLOCK_CONFIG. Logs are JSON lines on stdout (LOG_LEVEL).
SIGTERM or SIGINT shuts down cleanly; a second signal exits at once.

  -c, --config FILE  the YAML config file

Exits 2, printing one line per problem, when the config file is invalid.`,

  async run(args, io) {
    const opts = parseOptions(this, args, { config: { type: 'string', short: 'c' } });
    const path = opts.config ?? io.env.AIRLOCK_CONFIG;
    if (!path) throw new CliError('no config file: pass -c FILE or set AIRLOCK_CONFIG');
    const { loadConfig } = await import('../../config/load.js');
    let config;
    try {
      config = await loadConfig(path, io.env);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      io.stderr.write(configErrorLines(path, err));
      return 2;
    }
    const log = createLogger({ gateway: config.gateway.id });
    const { startGateway } = await import('../../server.js');
    const gateway = await startGateway(config, { log });
    return runUntilSignal(gateway, log);
  },
};
