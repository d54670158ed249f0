import { describe, expect, it } from 'vitest';
import { startupPacket } from '../../src/gateway/postgres/upstream/startup-packet.js';

describe('startupPacket', () => {
  it('encodes protocol 3.0 with user, database and the extra parameters, without adding any of its own', () => {
    const packet = startupPacket('app_rw', 'app', { client_encoding: 'LATIN1', application_name: 'airlock:devin:psql' });
    expect(packet.readInt32BE(0)).toBe(packet.length);
    expect(packet.readInt32BE(4)).toBe(3 << 16);
    expect(packet.subarray(8).toString('utf8').split('\0')).toEqual([
      'user', 'app_rw', 'database', 'app', 'client_encoding', 'LATIN1', 'application_name', 'airlock:devin:psql', '', '',
    ]);
  });

  it.each(['user', 'DATABASE', 'replication', 'options'])('refuses the reserved parameter %s', (key) => {
    expect(() => startupPacket('app_rw', 'app', { [key]: 'x' })).toThrow(`startup parameter "${key}" cannot be forwarded to the upstream server`);
  });

  it('refuses NUL bytes and empty names that would change the parameter list', () => {
    expect(() => startupPacket('app_rw', 'app', { TimeZone: 'UTC\0user\0postgres' })).toThrow(/contains a NUL byte/);
    expect(() => startupPacket('app_rw', 'app', { '': 'x' })).toThrow(/is empty or contains a NUL byte/);
    expect(() => startupPacket('app\0rw', 'app', {})).toThrow(/startup parameter "user" is empty or contains a NUL byte/);
  });
});
