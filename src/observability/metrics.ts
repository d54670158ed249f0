import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditStats } from '../audit/audit-stats.js';
import type { Protocol } from '../core/session.js';
import type { Action } from '../core/verdict.js';

/** Label children for one (protocol, connection) pair, resolved once so the per-statement path is a map lookup. */
interface ConnectionSeries {
  readonly active: Gauge.Internal<string>;
  readonly opened: Counter.Internal;
  readonly statements: Record<Action, Counter.Internal>;
  readonly duration: Histogram.Internal<string>;
}

/**
 * The gateway's Prometheus metrics. Each instance owns its own registry (never the global one),
 * so several gateways can run in one process without their series colliding.
 */
export class GatewayMetrics {
  readonly #registry = new Registry();
  readonly #series = new Map<string, ConnectionSeries>();
  readonly #sessionsActive: Gauge<'protocol' | 'connection'>;
  readonly #sessionsOpened: Counter<'protocol' | 'connection'>;
  readonly #statements: Counter<'protocol' | 'connection' | 'action'>;
  readonly #duration: Histogram<'protocol' | 'connection'>;
  readonly #authFailures: Counter<'protocol'>;
  readonly #protocolErrors: Counter<'protocol'>;
  #auditWatched = false;

  constructor() {
    const registers = [this.#registry];
    collectDefaultMetrics({ register: this.#registry, prefix: 'airlock_' });
    this.#sessionsActive = new Gauge({
      name: 'airlock_sessions_active',
      help: 'Agent sessions currently open',
      labelNames: ['protocol', 'connection'],
      registers,
    });
    this.#sessionsOpened = new Counter({
      name: 'airlock_sessions_total',
      help: 'Agent sessions opened',
      labelNames: ['protocol', 'connection'],
      registers,
    });
    this.#statements = new Counter({
      name: 'airlock_statements_total',
      help: 'Commands classified, by verdict action',
      labelNames: ['protocol', 'connection', 'action'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'airlock_statement_duration_seconds',
      help: 'Time from receiving a command to finishing its response, approval waits included',
      labelNames: ['protocol', 'connection'],
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers,
    });
    this.#authFailures = new Counter({
      name: 'airlock_auth_failures_total',
      help: 'Rejected credentials',
      labelNames: ['protocol'],
      registers,
    });
    this.#protocolErrors = new Counter({
      name: 'airlock_protocol_errors_total',
      help: 'Malformed or unsupported client traffic',
      labelNames: ['protocol'],
      registers,
    });
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  render(): Promise<string> {
    return this.#registry.metrics();
  }

  sessionOpened(protocol: Protocol, connection: string): void {
    const s = this.#seriesFor(protocol, connection);
    s.active.inc();
    s.opened.inc();
  }

  sessionClosed(protocol: Protocol, connection: string): void {
    this.#seriesFor(protocol, connection).active.dec();
  }

  statement(protocol: Protocol, connection: string, action: Action): void {
    this.#seriesFor(protocol, connection).statements[action].inc();
  }

  statementDuration(protocol: Protocol, connection: string, seconds: number): void {
    this.#seriesFor(protocol, connection).duration.observe(seconds);
  }

  authFailure(protocol: Protocol): void {
    this.#authFailures.labels(protocol).inc();
  }

  protocolError(protocol: Protocol): void {
    this.#protocolErrors.labels(protocol).inc();
  }

  /** Exposes the audit trail's own counters; `stats` is called on every scrape, never on the hot path. */
  watchAudit(stats: () => AuditStats): void {
    if (this.#auditWatched) throw new Error('audit stats are already watched');
    this.#auditWatched = true;
    const registers = [this.#registry];
    // The trail keeps the running totals; a scrape copies them into counters.
    const total = (name: string, help: string, pick: (s: AuditStats) => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(pick(stats()));
        },
      });
    const level = (name: string, help: string, pick: (s: AuditStats) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(pick(stats()));
        },
      });
    total('airlock_audit_events_written_total', 'Audit events committed to the audit database', (s) => s.written);
    total('airlock_audit_events_spooled_total', 'Audit events written to the local spool', (s) => s.spooled);
    total('airlock_audit_events_replayed_total', 'Spooled audit events replayed into the database', (s) => s.replayed);
    total('airlock_audit_batches_total', 'Audit insert transactions committed (group commit)', (s) => s.batches);
    level('airlock_audit_spool_pending', 'Spooled audit events not yet replayed', (s) => s.pendingSpool);
    level('airlock_audit_last_flush_seconds', 'Duration of the latest audit flush, to the database or the spool', (s) => s.lastFlushMs / 1000);
  }

  #seriesFor(protocol: Protocol, connection: string): ConnectionSeries {
    const key = `${protocol}\u0000${connection}`;
    let s = this.#series.get(key);
    if (!s) {
      s = {
        active: this.#sessionsActive.labels(protocol, connection),
        opened: this.#sessionsOpened.labels(protocol, connection),
        statements: {
          allow: this.#statements.labels(protocol, connection, 'allow'),
          review: this.#statements.labels(protocol, connection, 'review'),
          deny: this.#statements.labels(protocol, connection, 'deny'),
        },
        duration: this.#duration.labels(protocol, connection),
      };
      this.#series.set(key, s);
    }
    return s;
  }
}
