import { hashToken } from '../../identity/hash-token.js';
import type { CliCommand } from '../cli-command.js';
import { parseOptions } from '../cli-command.js';
import { CliError } from '../cli-error.js';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export const tokenHash: CliCommand = {
  name: 'token hash',
  summary: 'print the sha256: form of a token read from stdin',
  help: `Usage: airlock token hash < token.txt

Reads one token from stdin and prints its "sha256:<hex>" form, which can stand in for the token
in the config file (identity.tokens[].token) so the plain token never sits on disk.
Surrounding whitespace, such as the trailing newline of echo, is ignored.`,

  async run(args, io) {
    parseOptions(this, args, {});
    if (io.stdin.isTTY) io.stderr.write('paste the token, then press Enter and Ctrl-D\n');
    const token = (await readAll(io.stdin)).trim();
    if (!token) throw new CliError('no token on stdin');
    io.stdout.write(hashToken(token) + '\n');
    return 0;
  },
};
