import type { Logger } from '../util/log.js';

/**
 * Keeps a started service running until SIGTERM or SIGINT, then closes it and exits (0, or 1 if
 * closing failed). A second signal while closing exits at once, for an operator who will not wait.
 */
export function runUntilSignal(service: { close(): Promise<void> }, log: Logger): Promise<never> {
  return new Promise(() => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn('second signal, exiting without a clean shutdown', { signal });
        process.exit(1);
      }
      stopping = true;
      log.info('shutting down', { signal });
      service.close().then(
        () => process.exit(0),
        (err: unknown) => {
          log.error('shutdown failed', { error: err });
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
