import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';
import { gatewayClient } from '../gateway-client.js';
import { watchReviews } from '../watch-loop.js';
import { HELP_LINE } from '../watch-screen.js';

export const reviewWatch: CliCommand = {
  name: 'review watch',
  summary: 'live list of pending requests; keys to approve, deny or modify',
  help: `Usage: airlock review watch

A full-screen, live list of the pending approval requests that the identity of AIRLOCK_TOKEN may
decide, refreshed every second from the gateway at AIRLOCK_URL (default http://127.0.0.1:8080),
with the columns of "airlock review list".

  ${HELP_LINE}

  a  asks "approve ID? [y/N]" first
  d  asks for a reason (required); Esc cancels
  m  asks for the new command, starting from the current one; Esc cancels

Ctrl-C quits too. While the gateway cannot be reached, or refuses the token, the error shows at the
top and the list keeps retrying. Needs a terminal on stdin and stdout; in scripts, use
"airlock review list --json" and "airlock review approve/deny/modify".`,

  async run(args, io) {
    parseOptions(this, args, {});
    const { stdin, stdout } = io;
    if (!stdin.isTTY || !stdout.isTTY || !stdin.setRawMode) {
      throw new CliError('review watch needs a terminal on stdin and stdout; use "airlock review list" instead');
    }
    const client = gatewayClient(io.env);
    return watchReviews({ stdin, stdout, setRawMode: (raw) => stdin.setRawMode?.(raw) }, client);
  },
};
