import type { CliCommand } from './cli-command.js';

/** The top-level help: only commands that exist are listed. */
export function usage(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  airlock ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: airlock COMMAND [options]

Commands:
${lines.join('\n')}

Run "airlock COMMAND --help" for a command's options.
Gateway clients use AIRLOCK_URL (default http://127.0.0.1:8080) and AIRLOCK_TOKEN.
`;
}

/** The command named by the leading words of `argv`, longest name first, with the remaining arguments. */
export function findCommand(
  commands: readonly CliCommand[],
  argv: readonly string[],
): { command: CliCommand; args: string[] } | null {
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const command of byLength) {
    const words = command.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) return { command, args: argv.slice(words.length) };
  }
  return null;
}
