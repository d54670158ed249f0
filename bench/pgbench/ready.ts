import { waitFor, type Spawned } from '../../test/support/process.js';

/**
 * Polls `check` until it passes, failing at once if the process exits first (waitFor alone would
 * poll a dead process until its timeout). On failure the process is stopped and its output shown.
 */
export async function untilReady(proc: Spawned, what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const exited = new Promise<never>((_, reject) =>
    proc.child.once('exit', (code, signal) => reject(new Error(`${what} exited (${signal ?? `code ${code}`})`))),
  );
  exited.catch(() => undefined); // only the race below cares about an early exit
  try {
    await Promise.race([waitFor(check, what, timeoutMs), exited]);
  } catch (err) {
    await proc.stop();
    throw new Error(`${(err as Error).message}; its output:\n${proc.output()}`);
  }
}
