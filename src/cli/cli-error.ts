/** A failure to report as one `airlock: …` line on stderr, exiting with `exitCode` (2: usage, config or access; 1: the operation failed). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
