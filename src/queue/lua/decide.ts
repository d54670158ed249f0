import { CLOSE_PENDING } from './close-pending.js';

/**
 * A reviewer's decision as one compare-and-set: only a pending request changes, so the first valid
 * decision wins. Authorization (reviewer group, no self-approval, deny reason) is checked before.
 * KEYS: 1 request hash, 2 pending set, 3 approvers hash.
 * ARGV: 1 id, 2 approve|deny|modify, 3 reviewer, 4 now ms, 5 reason, 6 replacement command, 7 channel,
 *       8 the reviewer's identityKey.
 * Returns:
 *   'missing'   no such request
 *   'closed'    no longer pending (the caller reads who closed it)
 *   'expired'   the deadline had passed; the request is now expired (the expiry job was late)
 *   'duplicate' this reviewer already approved; nothing changed
 *   'vote'      approval recorded, quorum not reached yet
 *   'decided'   the request is now approved, modified or denied
 * Approvals accumulate in a hash keyed by identityKey, so a quorum counts distinct reviewers however
 * their names are spelled; a deny or modify closes the request at once whatever the quorum.
 */
export const DECIDE = {
  numberOfKeys: 3,
  lua: `${CLOSE_PENDING}
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state ~= 'pending' then return 'closed' end
local now = ARGV[4]
if tonumber(now) >= tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then
  closePending(ARGV[1], 'expired', now, '', '', '', ARGV[7])
  return 'expired'
end
local kind = ARGV[2]
if kind == 'approve' then
  local added = redis.call('HSETNX', KEYS[3], ARGV[8], ARGV[3])
  redis.call('PEXPIRE', KEYS[3], redis.call('PTTL', KEYS[1]))
  if added == 0 then return 'duplicate' end
  if redis.call('HLEN', KEYS[3]) < tonumber(redis.call('HGET', KEYS[1], 'quorum')) then return 'vote' end
  closePending(ARGV[1], 'approved', now, ARGV[3], ARGV[5], '', ARGV[7])
elseif kind == 'deny' then
  closePending(ARGV[1], 'denied', now, ARGV[3], ARGV[5], '', ARGV[7])
else
  closePending(ARGV[1], 'modified', now, ARGV[3], ARGV[5], ARGV[6], ARGV[7])
end
return 'decided'
`,
} as const;
