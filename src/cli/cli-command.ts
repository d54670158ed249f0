import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

/** The process surroundings a command may use, passed in so commands never reach for globals. */
export interface CliIO {
  readonly env: NodeJS.ProcessEnv;
  /** `setRawMode` exists when stdin is a terminal. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean; setRawMode?(raw: boolean): unknown };
  /** `columns` and `rows` are set when stdout is a terminal. */
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number; readonly rows?: number };
  readonly stderr: NodeJS.WritableStream;
}

export interface CliCommand {
  /** The words that select it, e.g. "audit export". */
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Resolves with the exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

export const usageError = (command: Pick<CliCommand, 'name'>, message: string) =>
  new CliError(`${message} (see: airlock ${command.name} --help)`);

/** `parseArgs` in strict mode, with unknown options and stray arguments reported as usage errors. */
export function parseOptions<T extends ParseArgsConfig['options']>(
  command: Pick<CliCommand, 'name'>,
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw usageError(command, (err as Error).message);
  }
}

/** Like parseOptions, for commands that take exactly one argument besides options (e.g. a request ID). */
export function parseWithOperand<T extends ParseArgsConfig['options']>(
  command: Pick<CliCommand, 'name'>,
  args: string[],
  options: T,
  operandName: string,
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageError(command, (err as Error).message);
  }
  const [operand, ...extra] = parsed.positionals;
  if (operand === undefined) throw usageError(command, `missing ${operandName}`);
  if (extra.length > 0) throw usageError(command, `unexpected argument '${extra[0]}'`);
  return { values: parsed.values, operand };
}

/** A usage error for an option the command cannot do without. */
export function requiredOption(command: Pick<CliCommand, 'name'>, value: string | undefined, option: string): string {
  if (value === undefined || value.trim() === '') throw usageError(command, `${option} is required`);
  return value;
}
