/** Protocol 3.0, as (3 << 16) | 0. */
const PROTOCOL_3_0 = 196608;

/** Keys only the gateway sets: an agent-supplied value must never pick the upstream role, database or mode. */
const RESERVED = new Set(['user', 'database', 'replication', 'options']);

/**
 * Builds the StartupMessage for the gateway's own login. Written here rather than with
 * pg-protocol's serialize.startup, which always appends client_encoding=UTF8 and would silently
 * override a client_encoding the agent asked for.
 */
export function startupPacket(user: string, database: string, extra: Readonly<Record<string, string>>): Buffer {
  const params: Array<[string, string]> = [['user', user], ['database', database]];
  for (const [key, value] of Object.entries(extra)) {
    if (RESERVED.has(key.toLowerCase())) throw new Error(`startup parameter "${key}" cannot be forwarded to the upstream server`);
    params.push([key, value]);
  }
  const parts: Buffer[] = [];
  for (const [key, value] of params) {
    // A NUL would end the string early and let the rest pose as further parameters.
    if (key === '' || key.includes('\0') || value.includes('\0')) {
      throw new Error(`startup parameter "${key.replace(/\0/g, '\\0')}" is empty or contains a NUL byte`);
    }
    parts.push(Buffer.from(`${key}\0${value}\0`, 'utf8'));
  }
  parts.push(Buffer.from([0]));
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([header, body]);
}
