import { CliError } from './cli-error.js';
import { decisionLine } from './decision-line.js';
import type { GatewayClient } from './gateway-client.js';
import { enterFullScreen, type Terminal } from './full-screen.js';
import { fetchPendingReviews } from './pending-reviews.js';
import { decide } from './review-decision.js';
import { parseKeys } from './watch-keys.js';
import { paint, screenLines } from './watch-screen.js';
import { initialState, onKey, withPollError, withResult, withReviews, type Effect } from './watch-state.js';

const POLL_MS = 1_000;
// Before the terminal reports a size (rare), a classic 80×24 is the safe guess.
const FALLBACK = { width: 80, height: 24 };
/**
 * Signals that end the watch; Ctrl-C arrives as a key in raw mode, but `kill -INT` still sends SIGINT.
 * Signals belong to the process, so this I/O layer listens on `process` itself.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_EXIT: Readonly<Record<(typeof SIGNALS)[number], number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * The I/O around the watch state machine: polls the gateway, feeds it keys, carries out its effects and
 * redraws. Gateway failures only change the state; the terminal is restored on every way out (q, a
 * signal, or a bug, which rejects after restoring). Resolves with the exit code.
 */
export function watchReviews(terminal: Terminal, client: GatewayClient): Promise<number> {
  let state = initialState;
  const { stdin, stdout } = terminal;
  const draw = () => {
    const size = { width: stdout.columns || FALLBACK.width, height: stdout.rows || FALLBACK.height };
    stdout.write(paint(screenLines(state, new Date(), size)));
  };

  return new Promise<number>((resolve, reject) => {
    const restore = enterFullScreen(terminal);
    let polling = false;
    let done = false;

    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      stdin.off('data', onData);
      stdout.off('resize', onResize);
      for (const s of SIGNALS) process.off(s, onSignal);
      restore();
      outcome();
    };
    // A bug in drawing or in the state machine must not leave the terminal in raw mode on the alternate screen.
    const guard =
      <A extends unknown[]>(fn: (...args: A) => void | Promise<void>) =>
      (...args: A) => {
        Promise.resolve()
          .then(() => fn(...args))
          .catch((err: unknown) => finish(() => reject(err)));
      };

    const poll = guard(async () => {
      if (polling || done) return;
      polling = true;
      try {
        state = withReviews(state, await fetchPendingReviews(client), new Date());
      } catch (err) {
        if (!(err instanceof CliError)) throw err;
        state = withPollError(state, err.message);
      } finally {
        polling = false;
      }
      if (!done) draw();
    });

    const carryOut = guard(async (effect: Effect) => {
      if (effect.kind === 'quit') return finish(() => resolve(0));
      if (effect.kind === 'decide') {
        try {
          state = withResult(state, decisionLine(await decide(client, effect.id, effect.decision, effect.body)), false);
        } catch (err) {
          if (!(err instanceof CliError)) throw err;
          state = withResult(state, err.message, true);
        }
        if (!done) draw();
      }
      poll();
    });

    const onData = guard((chunk: Buffer | string) => {
      for (const key of parseKeys(chunk.toString())) {
        const step = onKey(state, key);
        state = step.state;
        if (step.effect) carryOut(step.effect);
      }
      if (!done) draw();
    });
    const onResize = guard(draw);
    const onSignal = (signal: (typeof SIGNALS)[number]) => finish(() => resolve(SIGNAL_EXIT[signal]));

    const timer = setInterval(poll, POLL_MS);
    stdin.on('data', onData);
    stdout.on('resize', onResize);
    for (const s of SIGNALS) process.on(s, onSignal);
    draw();
    poll();
  });
}
