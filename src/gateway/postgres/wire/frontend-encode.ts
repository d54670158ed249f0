/** Client messages the gateway writes upstream itself: a reviewer's modified statement replaces the agent's. */

function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.allocUnsafe(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstring = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);

export const queryMessage = (sql: string): Buffer => frame('Q', cstring(sql));

/** A Parse without declared parameter types: the server infers them, as for the agent's own text. */
export const parseMessage = (name: string, sql: string): Buffer => frame('P', Buffer.concat([cstring(name), cstring(sql), Buffer.from([0, 0])]));
