/**
 * Stops everything the bench started, newest first, exactly once: on normal exit, on an error and
 * on Ctrl-C / SIGTERM, so no PostgreSQL, Redis, pgbouncer or gateway outlives the run.
 */
export class Cleanup {
  private readonly steps: Array<{ what: string; run: () => Promise<void> | void }> = [];
  private done: Promise<void> | undefined;

  /** True once stopping has begun (a signal or the end of the run). */
  get started(): boolean {
    return this.done !== undefined;
  }

  add(what: string, run: () => Promise<void> | void): void {
    this.steps.push({ what, run });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        await Promise.resolve()
          .then(step.run)
          .catch((err: unknown) => console.error(`cleanup: stopping ${step.what} failed: ${String(err)}`));
      }
    })();
    return this.done;
  }

  /**
   * On a signal: clean up, then exit with the shell's 128+signal convention. Repeats are absorbed
   * (npx/tsx relay Ctrl-C on top of the terminal's own), since dying mid-cleanup would leak children.
   */
  onSignals(): void {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.on(signal, () => {
        if (this.started) return;
        console.error(`\n${signal}: stopping child processes…`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}

/**
 * The shared entry point of every bench script: parse the flags (usage and exit 2 on a mistake), run
 * `main` with a Cleanup that also fires on Ctrl-C, and report a failure unless it was the interrupt.
 */
export async function runBench<O>(parse: (argv: string[]) => O, usage: string, main: (options: O, cleanup: Cleanup) => Promise<void>): Promise<void> {
  let options: O;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  const cleanup = new Cleanup();
  cleanup.onSignals();
  try {
    await main(options, cleanup);
  } catch (err) {
    // After Ctrl-C the interrupted child "fails"; that is not worth reporting.
    if (!cleanup.started) console.error(`bench failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await cleanup.run();
  }
}
