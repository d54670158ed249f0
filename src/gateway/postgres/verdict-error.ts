import type { Verdict } from '../../core/verdict.js';
import { SQLSTATE } from './sqlstate.js';

/** The ERROR an agent gets for a statement the policy did not allow (CONTRACT.md, "What the agent sees"). */
export function verdictError(verdict: Verdict, whyNotHeld = 'it cannot be held for approval here'): { code: string; message: string } {
  const why = verdict.reasons.length > 0 ? verdict.reasons.join('; ') : 'not allowed';
  if (verdict.action === 'deny') return { code: SQLSTATE.insufficientPrivilege, message: `airlock: blocked by policy: ${why}` };
  return { code: SQLSTATE.insufficientPrivilege, message: `airlock: needs approval: ${why} (${whyNotHeld}, so the statement was refused)` };
}
