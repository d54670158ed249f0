import type { AuditEvent } from '../../src/core/audit-event.js';
import type { Authenticator, Identity } from '../../src/core/identity.js';
import type { VerifyResult } from '../../src/audit/verify.js';
import type { AuditReader } from '../../src/http/audit-routes.js';
import { createHttpServer, type HttpServer } from '../../src/http/http-server.js';
import type { ReadinessCheck } from '../../src/http/probe-routes.js';
import { GatewayMetrics } from '../../src/observability/metrics.js';
import { silentLogger } from '../../src/util/log.js';

export const TOKENS = {
  auditor: 'tok-auditor-5f2c9a',
  agent: 'tok-agent-81b3e7',
  alice: 'tok-alice-3d9e04',
  bob: 'tok-bob-a61f25',
} as const;

const IDENTITIES: Record<string, Identity> = {
  [TOKENS.auditor]: { name: 'carol@example.com', groups: ['auditors'], source: 'token' },
  [TOKENS.agent]: { name: 'devin', groups: ['agents'], source: 'token' },
  // Reviewers of the `dba` group, as in test/queue/fixture.ts.
  [TOKENS.alice]: { name: 'alice@example.com', groups: ['dba'], source: 'token' },
  [TOKENS.bob]: { name: 'bob@example.com', groups: ['dba'], source: 'token' },
};

export const tokenAuthenticator: Authenticator = {
  async authenticate(secret) {
    const identity = IDENTITIES[secret];
    return identity ? { ok: true, identity } : { ok: false, reason: 'unknown token' };
  },
};

export function auditEvent(seq: number, at: string, data: Record<string, unknown> = {}): AuditEvent {
  return {
    type: 'statement',
    at: new Date(at),
    sessionId: 's-1',
    identity: 'devin',
    connection: 'prod-db',
    protocol: 'postgres',
    data,
    chain: 'gw-1',
    seq,
    prevHash: `h${seq - 1}`,
    hash: `h${seq}`,
  };
}

/** An array-backed audit trail that remembers what it was asked for. */
export class ArrayAudit implements AuditReader {
  readonly exportCalls: Array<{ since?: Date; until?: Date }> = [];
  constructor(
    readonly events: AuditEvent[],
    public verifyResult: VerifyResult = { ok: true, count: events.length },
  ) {}

  async *export(opts: { since?: Date; until?: Date } = {}): AsyncIterable<AuditEvent> {
    this.exportCalls.push(opts);
    for (const e of this.events) {
      if (opts.since && e.at < opts.since) continue;
      if (opts.until && e.at > opts.until) continue;
      yield e;
    }
  }

  async verify(): Promise<VerifyResult> {
    return this.verifyResult;
  }
}

export interface TestServer {
  readonly server: HttpServer;
  readonly url: string;
  readonly audit: ArrayAudit;
  readonly metrics: GatewayMetrics;
}

export async function startTestServer(
  opts: { audit?: ArrayAudit; readiness?: ReadinessCheck[] } = {},
): Promise<TestServer> {
  const audit = opts.audit ?? new ArrayAudit([]);
  const metrics = new GatewayMetrics();
  const server = createHttpServer({
    authenticator: tokenAuthenticator,
    audit,
    auditReaders: ['admins', 'auditors'],
    metrics,
    readiness: opts.readiness ?? [],
    log: silentLogger,
  });
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: `http://127.0.0.1:${port}`, audit, metrics };
}
