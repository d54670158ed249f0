import { DataRowValues, decodeRowDescription } from './wire/result-messages.js';

/** One result set as recorded for replay: values as text, as the agent received them (masked). */
export interface RecordedResult {
  readonly columns: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | null>>;
  /** Rows the agent received, recorded or not. */
  readonly total: number;
  /** Whether rows were left out (row limit or size cap). */
  readonly truncated: boolean;
}

interface Current {
  readonly columns: string[];
  readonly binary: boolean[];
  readonly rows: Array<Array<string | null>>;
  total: number;
  truncated: boolean;
}

/**
 * Keeps the first rows of each result a statement returned, for the audit trail: up to `limit` rows
 * and `maxBytes` of values per statement. Binary values are kept as `\x` hex, as bytea prints. Pure.
 */
export class ResultRecorder {
  private results: Current[] = [];
  private bytes = 0;
  private readonly located = new DataRowValues();

  constructor(
    private readonly limit: number | 'all',
    private readonly maxBytes: number,
  ) {}

  /** A RowDescription body: a new result set starts. */
  describe(body: Buffer): void {
    const fields = decodeRowDescription(body);
    this.results.push({ columns: fields.map((f) => f.name), binary: fields.map((f) => f.format === 1), rows: [], total: 0, truncated: false });
  }

  /** A whole DataRow message, as sent to the agent. */
  row(msg: Buffer): void {
    const current = this.results.at(-1);
    if (!current) return;
    current.total++;
    const recorded = this.results.reduce((n, r) => n + r.rows.length, 0);
    if ((this.limit !== 'all' && recorded >= this.limit) || this.bytes >= this.maxBytes) {
      current.truncated = true;
      return;
    }
    const { count, at, length } = this.located.read(msg);
    const values: Array<string | null> = [];
    for (let i = 0; i < count; i++) {
      const start = at[i]!;
      const end = start + length[i]!;
      if (end < start) values.push(null);
      else values.push(current.binary[i] ? `\\x${msg.toString('hex', start, end)}` : msg.toString('utf8', start, end));
      this.bytes += Math.max(end - start, 0);
    }
    current.rows.push(values);
  }

  /** The statement's results so far, and a fresh start for the next statement. */
  take(): RecordedResult[] {
    const taken = this.results;
    this.results = [];
    this.bytes = 0;
    return taken.map(({ columns, rows, total, truncated }) => ({ columns, rows, total, truncated }));
  }
}
