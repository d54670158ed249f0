import type { Protocol } from './session.js';

export type AuditEventType =
  | 'session.start'
  | 'session.end'
  | 'statement'
  | 'auth.failed'
  | 'approval'
  | 'masking'
  /** Retention pruned old events; its data holds the checkpoints left behind (see src/audit/retention). */
  | 'audit.pruned';

/** What an adapter or the core asks the audit trail to record. Never holds a secret. */
export interface AuditEventInput {
  readonly type: AuditEventType;
  readonly at: Date;
  readonly sessionId: string | null;
  readonly identity: string | null;
  readonly connection: string | null;
  readonly protocol: Protocol | null;
  /** Type-specific details: statement text, verdict, reasons, command tag, rows, error, … */
  readonly data: Readonly<Record<string, unknown>>;
}

/** A recorded event, linked into its chain by hashes. */
export interface AuditEvent extends AuditEventInput {
  /** The hash chain this event belongs to (one per gateway instance). */
  readonly chain: string;
  /** Position in the chain, from 1. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

/** The audit trail as the rest of the gateway sees it. */
export interface AuditSink {
  /** Resolves once the event is durable (committed or fsync'd to the spool); rejects when it cannot be. */
  record(event: AuditEventInput): Promise<void>;
  /** False while new work must be refused (the spool cannot be written). */
  readonly accepting: boolean;
}

/** What re-computing the hash chains found: all intact, or the first broken event. */
export type VerifyResult =
  | { ok: true; count: number }
  | { ok: false; count: number; broken: { chain: string; seq: number; reason: string } };
