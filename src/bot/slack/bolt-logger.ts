import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../util/log.js';

const RANK: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** Bolt's logger on the gateway's structured log; Bolt logs variadic values, so they are joined into the message. */
export function boltLogger(log: Logger, level: LogLevel = LogLevel.WARN): BoltLogger {
  let current = level;
  let name = 'bolt';
  const emit = (at: LogLevel, write: (msg: string) => void) => (...msg: unknown[]) => {
    if (RANK[at] >= RANK[current]) write(`${name}: ${msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ')}`);
  };
  return {
    debug: emit(LogLevel.DEBUG, (m) => log.debug(m)),
    info: emit(LogLevel.INFO, (m) => log.info(m)),
    warn: emit(LogLevel.WARN, (m) => log.warn(m)),
    error: emit(LogLevel.ERROR, (m) => log.error(m)),
    setLevel: (l) => void (current = l),
    getLevel: () => current,
    setName: (n) => void (name = n),
  };
}
