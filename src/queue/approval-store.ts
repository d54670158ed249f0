import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { ApprovalRequest, NewRequest, SessionCover } from '../core/approval.js';
import { identityKey } from '../core/identity.js';
import type { ApprovalKeys } from './keys.js';
import { CREATE } from './lua/create.js';
import { DECIDE } from './lua/decide.js';
import { FINISH } from './lua/finish.js';
import { OUTCOME } from './lua/outcome.js';
import { decodeRecord, encodeFrozen, type Frozen, type StoredRecord } from './request-codec.js';

const SCRIPTS = { airlockCreate: CREATE, airlockDecide: DECIDE, airlockFinish: FINISH, airlockOutcome: OUTCOME };
type ScriptName = keyof typeof SCRIPTS;
type ScriptCall = (...args: Array<string | number>) => Promise<unknown>;

/** How long a request's keys outlive its deadline: long enough for `review list` and late outcome reports. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

interface CoverJson {
  readonly requestId: string;
  readonly by: string;
  readonly until: number;
}

/** Shapes can be long statements; keys stay short and fixed-size. */
const shapeHash = (shape: string) => createHash('sha256').update(shape).digest('hex');

export type DecideStatus = 'missing' | 'closed' | 'expired' | 'duplicate' | 'vote' | 'decided';
export type FinishStatus = 'done' | 'missing' | 'closed' | 'skipped';

/**
 * Request records in Redis. Every state change is one Lua script (see ./lua); reads are plain
 * HGETALL/SMEMBERS because closed fields never change once written.
 */
export class ApprovalStore {
  private readonly scripts: Record<ScriptName, ScriptCall>;

  constructor(
    private readonly redis: Redis,
    private readonly keys: ApprovalKeys,
  ) {
    for (const [name, script] of Object.entries(SCRIPTS)) redis.defineCommand(name, script);
    // defineCommand adds methods ioredis cannot type; bind them once here.
    const methods = redis as unknown as Record<ScriptName, ScriptCall>;
    this.scripts = {
      airlockCreate: methods.airlockCreate.bind(redis),
      airlockDecide: methods.airlockDecide.bind(redis),
      airlockFinish: methods.airlockFinish.bind(redis),
      airlockOutcome: methods.airlockOutcome.bind(redis),
    };
  }

  /** True when created; false when the id was taken. */
  async create(input: NewRequest, frozen: Frozen): Promise<boolean> {
    const k = this.keys;
    const ttl = frozen.expiresAt.getTime() - frozen.createdAt.getTime() + RETENTION_MS;
    const created = await this.scripts.airlockCreate(
      k.request(frozen.id), k.pending,
      frozen.id, encodeFrozen(input, frozen), frozen.createdAt.getTime(), frozen.expiresAt.getTime(),
      frozen.quorum, frozen.gateway, ttl, k.transitions,
    );
    return created === 1;
  }

  /** Lets later commands of the request's shape in its session run until `until` (Redis drops the key then). */
  async cover(request: ApprovalRequest, by: string, until: Date): Promise<void> {
    const value: CoverJson = { requestId: request.id, by, until: until.getTime() };
    await this.redis.set(this.keys.cover(request.sessionId, shapeHash(request.shape ?? request.command)), JSON.stringify(value), 'PXAT', until.getTime());
  }

  async coverFor(sessionId: string, shape: string): Promise<SessionCover | null> {
    const raw = await this.redis.get(this.keys.cover(sessionId, shapeHash(shape)));
    if (!raw) return null;
    const c = JSON.parse(raw) as CoverJson;
    return { requestId: c.requestId, by: c.by, until: new Date(c.until) };
  }

  async decide(id: string, kind: 'approve' | 'deny' | 'modify', reviewer: string, now: Date, reason: string, command: string): Promise<DecideStatus> {
    const k = this.keys;
    return (await this.scripts.airlockDecide(
      k.request(id), k.pending, k.approvers(id),
      id, kind, reviewer, now.getTime(), reason, command, k.transitions, identityKey(reviewer),
    )) as DecideStatus;
  }

  /** Expire or cancel a pending request; `mode` and `holder` as in ./lua/finish.ts. */
  async finish(id: string, to: 'expired' | 'cancelled', now: Date, reason: string, mode: 'always' | 'due' | 'orphan', holder = ''): Promise<FinishStatus> {
    const k = this.keys;
    return (await this.scripts.airlockFinish(
      k.request(id), k.pending, k.heartbeat(holder),
      id, to, now.getTime(), reason, k.transitions, mode,
    )) as FinishStatus;
  }

  /** 'done', 'missing' or the state that made the report invalid. */
  async outcome(id: string, ok: boolean, now: Date, detail: string): Promise<string> {
    return (await this.scripts.airlockOutcome(this.keys.request(id), id, ok ? 'executed' : 'failed', now.getTime(), detail, this.keys.transitions)) as string;
  }

  /** The raw record, e.g. to snapshot into a notification job. */
  async record(id: string): Promise<StoredRecord | null> {
    const [hash, approvers] = await Promise.all([this.redis.hgetall(this.keys.request(id)), this.redis.hvals(this.keys.approvers(id))]);
    return hash.request ? { hash, approvers } : null;
  }

  async get(id: string): Promise<ApprovalRequest | null> {
    const record = await this.record(id);
    return record && decodeRecord(record);
  }

  /** Pending ids, oldest first. */
  pendingIds(): Promise<string[]> {
    return this.redis.zrange(this.keys.pending, 0, -1);
  }
}
