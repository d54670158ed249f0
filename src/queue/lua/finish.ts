import { CLOSE_PENDING } from './close-pending.js';

/**
 * Closes a pending request without a reviewer: expiry or cancellation. A no-op on a request that is
 * already closed, so the expiry job, the sweep and a disconnecting agent may all race safely.
 * KEYS: 1 request hash, 2 pending set, 3 the holding gateway's heartbeat key (read only in mode `orphan`).
 * ARGV: 1 id, 2 expired|cancelled, 3 now ms, 4 reason, 5 channel,
 *       6 mode: `always`; `due` only once the deadline has passed; `orphan` only while KEYS[3] is absent.
 * Returns 'done', 'missing', 'closed' or 'skipped' (the mode's condition did not hold).
 */
export const FINISH = {
  numberOfKeys: 3,
  lua: `${CLOSE_PENDING}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state ~= 'pending' then return 'closed' end
local mode = ARGV[6]
if mode == 'due' and tonumber(ARGV[3]) < tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then return 'skipped' end
if mode == 'orphan' and redis.call('EXISTS', KEYS[3]) == 1 then return 'skipped' end
closePending(ARGV[1], ARGV[2], ARGV[3], '', ARGV[4], '', ARGV[5])
return 'done'
`,
} as const;
