import type { Logger } from '../util/log.js';
import { Approvals, type ApprovalsOptions } from './approvals.js';
import { ApprovalsUnavailableError } from './redis-connection.js';

/** How often the gateway tries Redis again when approvals could not be opened. */
const RETRY_MS = 5000;

export interface ApprovalsSupervisor {
  /** The open Approvals, or null while Redis has not been reached yet. */
  current(): Approvals | null;
  /** For the review API: the same calls, rejecting with ApprovalsUnavailableError until approvals are open. */
  readonly backend: Pick<Approvals, 'listPending' | 'get' | 'decide' | 'announceDigest'>;
  close(): Promise<void>;
}

/**
 * Opens approvals on Redis and keeps retrying in the background while Redis is unreachable, so the
 * gateway starts anyway: until then (and whenever Redis is down) statements that need approval are
 * refused and safe ones keep flowing.
 */
export function superviseApprovals(opts: ApprovalsOptions & { readonly log: Logger }): ApprovalsSupervisor {
  let current: Approvals | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const attempt = async (): Promise<void> => {
    try {
      const opened = await Approvals.open(opts);
      if (stopped) return void (await opened.close());
      current = opened;
      opts.log.info('approvals ready');
    } catch (err) {
      opts.log.warn('approvals unavailable: Redis is unreachable; statements that need approval are refused until it is back', { error: err });
      if (!stopped) timer = setTimeout(() => void attempt(), RETRY_MS);
    }
  };
  void attempt();
  const opened = (): Approvals => {
    if (!current) throw new ApprovalsUnavailableError();
    return current;
  };
  return {
    current: () => current,
    backend: {
      listPending: (o) => opened().listPending(o),
      get: (id) => opened().get(id),
      decide: (id, decider, decision) => opened().decide(id, decider, decision),
      announceDigest: (digest) => opened().announceDigest(digest),
    },
    async close() {
      stopped = true;
      clearTimeout(timer);
      await current?.close();
    },
  };
}
