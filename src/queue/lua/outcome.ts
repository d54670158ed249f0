/**
 * Records whether an approved or modified command ran: approved|modified → executed|failed, once.
 * KEYS: 1 request hash. ARGV: 1 id, 2 executed|failed, 3 now ms, 4 detail, 5 channel.
 * Returns 'done', 'missing', or the current state when it is not approved/modified.
 */
export const OUTCOME = {
  numberOfKeys: 1,
  lua: `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state ~= 'approved' and state ~= 'modified' then return state end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'outcomeAt', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'outcomeDetail', ARGV[4]) end
redis.call('PUBLISH', ARGV[5], cjson.encode({id = ARGV[1], gateway = redis.call('HGET', KEYS[1], 'gateway'), state = ARGV[2]}))
return 'done'
`,
} as const;
