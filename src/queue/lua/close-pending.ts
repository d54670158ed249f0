/**
 * Lua helper shared by the scripts that close a pending request. Expects KEYS[1] = request hash and
 * KEYS[2] = pending set, and the caller to have checked that the state is `pending`.
 * Sets the closing state and its details (empty strings are left unset), leaves the pending set,
 * and publishes the transition so the holding gateway wakes up.
 */
export const CLOSE_PENDING = `
local function closePending(id, state, now, by, reason, command, channel)
  redis.call('HSET', KEYS[1], 'state', state, 'closedAs', state, 'closedAt', now)
  if by ~= '' then redis.call('HSET', KEYS[1], 'closedBy', by) end
  if reason ~= '' then redis.call('HSET', KEYS[1], 'closedReason', reason) end
  if command ~= '' then redis.call('HSET', KEYS[1], 'closedCommand', command) end
  redis.call('ZREM', KEYS[2], id)
  redis.call('PUBLISH', channel, cjson.encode({id = id, gateway = redis.call('HGET', KEYS[1], 'gateway'), state = state}))
end
`;
