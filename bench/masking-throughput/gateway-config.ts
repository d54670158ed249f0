import { join } from 'node:path';
import type { AirlockConfig, MaskingConfig, PostgresConnectionConfig } from '../../src/config/types.js';
import type { DetectorName } from '../../src/masking/types.js';
import type { BenchDatabase } from '../pgbench/bench-database.js';
import { BENCH_IDENTITY } from '../pgbench/gateway.js';

/** The gateway's connections (the dbname a client asks for): the same upstream, masked three ways. */
export const CONNECTIONS = { plain: 'plain', masked: 'masked', detecting: 'masked_detecting' } as const;

/** Three column rules, one per style. */
const COLUMN_RULES: MaskingConfig['columns'] = [
  { pattern: 'wide.email', style: 'pseudonym' },
  { pattern: 'wide.ssn', style: 'redact' },
  { pattern: 'wide.card_number', style: 'partial' },
];

/** Every detector but iban: each scans every text value the column rules leave alone. */
const DETECTORS: readonly DetectorName[] = ['email', 'credit_card', 'us_ssn', 'phone', 'ip', 'secrets'];

const MASKING: AirlockConfig['masking'] = {
  columns: { columns: COLUMN_RULES, detectors: [] },
  'columns-and-detectors': { columns: COLUMN_RULES, detectors: DETECTORS.map((name) => ({ name, style: 'redact' })) },
};

/**
 * One in-process gateway on ports 0 in front of the bench database, with its audit trail in the
 * bench cluster's audit database (as the pgbench bench keeps it). Redis points nowhere: SELECTs never
 * need approval, so approvals simply stay unavailable.
 */
export function maskingBenchConfig(db: BenchDatabase, o: { token: string; spoolDir: string }): AirlockConfig {
  const connection = (name: string, mask?: string): PostgresConnectionConfig => ({
    name,
    type: 'postgres',
    upstream: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password, sslmode: 'disable' },
    policy: 'bench',
    reviewers: ['bench'],
    ...(mask === undefined ? {} : { mask }),
  });
  return {
    gateway: { id: 'masking-bench', http: { port: 0, host: '127.0.0.1' } },
    redis: { url: 'redis://127.0.0.1:1', prefix: 'airlock' },
    audit: { database: db.auditUrl, spool: join(o.spoolDir, 'spool'), readers: ['auditors'] },
    identity: { tokens: [{ name: BENCH_IDENTITY, token: o.token, groups: ['bench'] }], people: [] },
    listeners: { postgres: { port: 0, host: '127.0.0.1' } },
    connections: [
      connection(CONNECTIONS.plain),
      connection(CONNECTIONS.masked, 'columns'),
      connection(CONNECTIONS.detecting, 'columns-and-detectors'),
    ],
    policies: { bench: { preset: 'postgres', rules: [], approvals: { timeoutMs: 300_000, quorum: 1 } } },
    masking: MASKING,
    channels: { console: {} },
  };
}
