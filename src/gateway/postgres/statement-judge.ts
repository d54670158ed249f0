import type { Verdict } from '../../core/verdict.js';

export type PreparedOp =
  | { readonly op: 'prepare'; readonly name: string; readonly body: string }
  | { readonly op: 'execute'; readonly name: string }
  | { readonly op: 'deallocate'; readonly name: string | null };

/** The policy as one session sees it (identity and connection already bound). */
export interface SqlJudge {
  judge(sql: string): Verdict;
  judgeBind(sql: string, params: readonly (string | null)[]): Verdict;
  preparedOps(sql: string): readonly PreparedOp[];
  /** The statement with literals normalized away: what a "same shape" approval covers. */
  fingerprint(sql: string): string;
}

/** Which reviewer decision let a statement the policy sent to review run. */
export interface ApprovalRef {
  readonly id: string;
  /** `covered`: an earlier approval of the same shape in this session let it run without a new request. */
  readonly decision: 'approved' | 'modified' | 'covered';
  readonly by: readonly string[];
}

export interface Judged {
  readonly text: string;
  readonly verdict: Verdict;
  /** Present while a reviewer's approval covers the next execution. */
  readonly approval?: ApprovalRef;
}

const MENTIONS_PREPARED = /prepare|execute|deallocate/i;

const unknownStatement = (what: string): Verdict => ({
  action: 'review',
  reasons: [`${what} the gateway has not seen prepared`],
  tables: [],
  kinds: ['unknown'],
});

/**
 * Judges every way a statement can reach the server in one session: simple queries, SQL-level
 * PREPARE/EXECUTE, and protocol-level Parse/Bind/Execute. Prepared bodies are remembered so that an
 * EXECUTE is judged by what it really runs; anything the gateway lost track of is sent to review.
 */
export class StatementJudge {
  private readonly sqlPrepared = new Map<string, string>();
  private readonly statements = new Map<string, Judged>();
  private readonly portals = new Map<string, Judged>();

  constructor(private readonly judge: SqlJudge) {}

  /** A simple-protocol Query, or the text of a Parse; may contain several statements. */
  query(sql: string): Verdict {
    if (!MENTIONS_PREPARED.test(sql)) return this.judge.judge(sql);
    const ops = this.judge.preparedOps(sql);
    this.forgetReplaced(ops);
    const single = ops.length === 1 ? ops[0] : undefined;
    // A lone EXECUTE is judged by the body it runs; one mixed into other statements stays under review.
    const verdict =
      single?.op === 'execute'
        ? this.executeVerdict(single.name)
        : this.judge.judge(sql);
    if (verdict.action === 'allow') this.track(ops);
    return verdict;
  }

  parse(name: string, sql: string): Verdict {
    const verdict = this.query(sql);
    if (verdict.action === 'allow') this.statements.set(name, { text: sql, verdict });
    else this.statements.delete(name);
    return verdict;
  }

  /** Remembers a statement a reviewer approved; the approval covers one Bind, as it was granted for one run. */
  approved(name: string, sql: string, verdict: Verdict, approval: ApprovalRef): void {
    this.statements.set(name, { text: sql, verdict, approval });
  }

  bind(portal: string, statement: string, params: readonly (string | null)[]): Verdict {
    const prepared = this.statements.get(statement);
    if (!prepared) {
      this.portals.delete(portal);
      return unknownStatement(`binds statement "${statement}" that`);
    }
    if (prepared.approval) {
      this.statements.set(statement, { text: prepared.text, verdict: prepared.verdict });
      this.portals.set(portal, prepared);
      return { ...prepared.verdict, action: 'allow' };
    }
    const verdict = params.length > 0 ? this.judge.judgeBind(prepared.text, params) : prepared.verdict;
    if (verdict.action === 'allow') this.portals.set(portal, { text: prepared.text, verdict });
    else this.portals.delete(portal);
    return verdict;
  }

  /** The statement an Execute will run, or undefined when the portal is unknown (the server will error). */
  execute(portal: string): Judged | undefined {
    return this.portals.get(portal);
  }

  fingerprint(sql: string): string {
    return this.judge.fingerprint(sql);
  }

  close(target: 'S' | 'P', name: string): void {
    (target === 'S' ? this.statements : this.portals).delete(name);
  }

  private executeVerdict(name: string): Verdict {
    const body = this.sqlPrepared.get(name);
    return body === undefined ? unknownStatement(`EXECUTE of "${name}", which`) : this.judge.judge(body);
  }

  /**
   * SQL PREPARE and DEALLOCATE share the server's namespace with protocol-level statements, so a name
   * they touch no longer runs what its Parse was judged as. Forgotten whatever the verdict (a reviewer
   * may approve the PREPARE): a later Bind of the name is then judged as unknown, never by stale text.
   */
  private forgetReplaced(ops: readonly PreparedOp[]): void {
    for (const op of ops) {
      if (op.op === 'execute') continue;
      if (op.name === null) this.statements.clear();
      else this.statements.delete(op.name);
    }
  }

  /** Mirrors the server's SQL-level prepared statements (DISCARD ALL is not mirrored: a stale name only makes the server error). */
  private track(ops: readonly PreparedOp[]): void {
    for (const op of ops) {
      if (op.op === 'prepare') this.sqlPrepared.set(op.name, op.body);
      else if (op.op === 'deallocate') {
        if (op.name === null) this.sqlPrepared.clear();
        else this.sqlPrepared.delete(op.name);
      }
    }
  }
}
