import type { BenchDatabase } from '../pgbench/bench-database.js';
import { BENCH_IDENTITY } from '../pgbench/gateway.js';
import type { Endpoint } from '../pgbench/run-pgbench.js';
import { CONNECTIONS } from './gateway-config.js';
import type { InProcessGateway } from './in-process-gateway.js';

/** What a row of the report measured; the keys name the ratios. */
export type ConfigurationName = 'direct' | 'gateway' | 'masked' | 'masked+detectors';

export interface Configuration {
  readonly name: ConfigurationName;
  readonly endpoint: Endpoint;
  /** Which results the gateway must hand back masked; undefined for direct. */
  readonly masking: 'off' | 'columns' | 'columns+detectors' | undefined;
}

/** The four ways to the same `wide` table, in the order every round runs them. */
export function configurations(db: BenchDatabase, gateway: InProcessGateway): Configuration[] {
  const through = (database: string): Endpoint => ({ host: '127.0.0.1', port: gateway.port, database, user: BENCH_IDENTITY, password: gateway.token });
  return [
    { name: 'direct', endpoint: { host: db.host, port: db.port, database: db.database, user: db.user, password: db.password }, masking: undefined },
    { name: 'gateway', endpoint: through(CONNECTIONS.plain), masking: 'off' },
    { name: 'masked', endpoint: through(CONNECTIONS.masked), masking: 'columns' },
    { name: 'masked+detectors', endpoint: through(CONNECTIONS.detecting), masking: 'columns+detectors' },
  ];
}
