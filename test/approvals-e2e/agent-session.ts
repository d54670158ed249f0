import pg from 'pg';
import { AGENT } from './deployment.js';
import type { GatewayProcess } from './gateway-process.js';

/** A statement the gateway parked (its request id and the pending run), or the error it was refused with. */
export type Sent = { readonly id: string; readonly run: Promise<pg.QueryResult> } | { readonly error: Error };

export interface AgentSession {
  /**
   * Sends `sql` and resolves once the agent is told it is held (NOTICE with the request id): by then
   * the holding gateway has finished parking it, audit event included. Resolves with the error if refused.
   */
  send(sql: string): Promise<Sent>;
  query(sql: string): Promise<pg.QueryResult>;
  end(): Promise<void>;
}

const HELD = /statement held for approval as (\S+);/;

/** One agent connection (node-postgres) through a gateway, kept open across statements. */
export async function agentSession(gw: GatewayProcess, database = 'prod'): Promise<AgentSession> {
  const client = new pg.Client({ host: '127.0.0.1', port: gw.pgPort, database, user: AGENT.name, password: AGENT.token });
  client.on('error', () => undefined); // a killed gateway drops the socket; the pending query rejects
  await client.connect();
  return {
    send: (sql) =>
      new Promise<Sent>((resolve) => {
        const run = client.query(sql);
        const onNotice = (n: { message?: string }) => {
          const id = HELD.exec(n.message ?? '')?.[1];
          if (id) resolve({ id, run });
        };
        client.on('notice', onNotice);
        const done = () => client.off('notice', onNotice);
        run.then(
          () => resolve({ error: new Error(`${sql} ran without being held`) }),
          (error: Error) => resolve({ error }),
        ).finally(done);
      }),
    query: (sql) => client.query(sql),
    end: () => client.end().catch(() => undefined),
  };
}

/** The request id of a held statement; throws with the refusal otherwise. */
export function heldId(sent: Sent): string {
  if ('error' in sent) throw sent.error;
  return sent.id;
}
