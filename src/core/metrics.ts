import type { Protocol } from './session.js';
import type { Action } from './verdict.js';

/** What protocol adapters report; the observability layer turns it into Prometheus metrics. */
export interface MetricsSink {
  sessionOpened(protocol: Protocol, connection: string): void;
  sessionClosed(protocol: Protocol, connection: string): void;
  statement(protocol: Protocol, connection: string, action: Action): void;
  statementDuration(protocol: Protocol, connection: string, seconds: number): void;
  authFailure(protocol: Protocol): void;
  protocolError(protocol: Protocol): void;
}
