import { parseArgs } from 'node:util';
import { parseDuration } from '../../src/config/duration.js';
import { positive } from '../pgbench/options.js';

export interface ApprovalBenchOptions {
  /** Statements held at once in the expiry phase, one agent session each. */
  readonly sessions: number;
  /** The expiry phase's approval timeout. */
  readonly timeoutMs: number;
  /** Statements held, then approved through the API, in the decision phase. */
  readonly approve: number;
  /** Sessions opened (and statements sent) concurrently. */
  readonly batch: number;
  /** Concurrent reviewers posting approvals. */
  readonly reviewers: number;
  readonly audit: 'postgres' | 'embedded';
}

export const USAGE = `usage: npx tsx bench/approvals.ts [--sessions 5000] [--timeout 10s] [--approve 1000]
                                [--batch 200] [--reviewers 4] [--audit postgres|embedded]`;

export function parseOptions(argv: string[]): ApprovalBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      sessions: { type: 'string', default: '5000' },
      timeout: { type: 'string', default: '10s' },
      approve: { type: 'string', default: '1000' },
      batch: { type: 'string', default: '200' },
      reviewers: { type: 'string', default: '4' },
      audit: { type: 'string', default: 'postgres' },
    },
    strict: true,
  });
  if (values.audit !== 'postgres' && values.audit !== 'embedded') throw new Error(`--audit must be postgres or embedded, got "${values.audit}"`);
  return {
    sessions: positive('sessions', values.sessions),
    timeoutMs: parseDuration(values.timeout),
    approve: positive('approve', values.approve),
    batch: positive('batch', values.batch),
    reviewers: positive('reviewers', values.reviewers),
    audit: values.audit,
  };
}
