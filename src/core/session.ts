import type { Identity } from './identity.js';

export type Protocol = 'postgres' | 'ssh' | 'kubernetes';

/** One agent connection through the gateway, whatever the protocol. */
export interface Session {
  readonly id: string;
  readonly identity: Identity;
  /** The configured connection name the agent asked for (never the upstream database). */
  readonly connection: string;
  readonly protocol: Protocol;
  readonly client: ClientInfo;
  readonly startedAt: Date;
  /** The gateway instance that holds the connection. */
  readonly gateway: string;
}

export interface ClientInfo {
  readonly address: string;
  readonly tls: boolean;
  readonly application?: string;
}
