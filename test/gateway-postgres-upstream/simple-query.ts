import { serialize, type DatabaseError } from 'pg-protocol';
import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage, DataRowMessage } from 'pg-protocol/dist/messages.js';
import type { UpstreamConnection } from '../../src/gateway/postgres/upstream/connect-upstream.js';

export interface QueryOutcome {
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  readonly error?: DatabaseError;
}

/**
 * Runs one simple Query on an upstream connection the way the proxy will, with its own listener on
 * the socket, until ReadyForQuery. (The connector's leftover is empty against a real server.)
 */
export function simpleQuery(conn: UpstreamConnection, sql: string): Promise<QueryOutcome> {
  const parser = new Parser();
  const rows: Array<Array<string | null>> = [];
  let error: DatabaseError | undefined;
  return new Promise((resolve, reject) => {
    const onMessage = (msg: BackendMessage) => {
      if (msg.name === 'dataRow') rows.push((msg as DataRowMessage).fields);
      if (msg.name === 'error') error = msg as DatabaseError;
      if (msg.name === 'readyForQuery') {
        conn.socket.off('data', onData);
        conn.socket.off('error', reject);
        conn.socket.pause();
        resolve(error ? { rows, error } : { rows });
      }
    };
    const onData = (chunk: Buffer) => parser.parse(chunk, onMessage);
    conn.socket.on('error', reject);
    conn.socket.on('data', onData);
    conn.socket.write(serialize.query(sql));
    conn.socket.resume();
  });
}

/** Ends the session politely (Terminate) and waits for the socket to close. */
export function terminate(conn: UpstreamConnection): Promise<void> {
  return new Promise((resolve) => {
    conn.socket.once('close', () => resolve());
    conn.socket.on('error', () => undefined); // a reset while closing changes nothing for the test
    conn.socket.end(serialize.end());
    conn.socket.resume();
  });
}
