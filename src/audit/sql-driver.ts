/** The little the audit store needs from a PostgreSQL-speaking database, so one SQL text serves both backends. */
export interface SqlQueryable {
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface SqlDriver extends SqlQueryable {
  /** `name` lets a server-side driver prepare the statement once per connection. */
  query<R>(sql: string, params?: readonly unknown[], name?: string): Promise<R[]>;
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
