/**
 * Creates a pending request unless the id is taken.
 * KEYS: 1 request hash, 2 pending set.
 * ARGV: 1 id, 2 immutable request JSON, 3 createdAt ms, 4 expiresAt ms, 5 quorum, 6 gateway id,
 *       7 retention ms (the hash outlives the deadline by this much), 8 transitions channel.
 * Returns 1 when created, 0 when the id already exists (the caller draws a new one).
 */
export const CREATE = {
  numberOfKeys: 2,
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'request', ARGV[2], 'state', 'pending', 'expiresAt', ARGV[4], 'quorum', ARGV[5], 'gateway', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('PUBLISH', ARGV[8], cjson.encode({id = ARGV[1], gateway = ARGV[6], state = 'pending'}))
return 1
`,
} as const;
