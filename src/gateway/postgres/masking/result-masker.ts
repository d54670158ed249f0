import { MaskCounts } from '../../../masking/mask-counts.js';
import type { Masker } from '../../../masking/masker.js';
import type { WholeValueMask } from '../../../masking/whole-value-mask.js';
import type { Expectation } from '../pipeline-tracker.js';
import { noticeResponse } from '../wire/backend-messages.js';
import {
  copyData,
  DataRowValues,
  decodeCopyOutResponse,
  decodeFieldList,
  decodeNotification,
  decodeRowDescription,
  encodeFieldList,
  encodeNotification,
  type FieldDescription,
} from '../wire/result-messages.js';
import { copyField, isCopyNull, splitCopyLine } from './copy-line.js';
import { copyTarget } from './copy-target.js';
import type { ColumnMask, MaskingCatalog } from './masking-catalog.js';
import { ResultShapes, type Shape } from './result-shapes.js';
import { RowBuilder } from './row-builder.js';

/** What the upstream message being transformed answers (the pipeline's head), read only when rows' columns or COPY's text are needed. */
export type Answering = () => Expectation<{ readonly text: string }> | undefined;

/** What transform gives for a DataRow it rewrote: the new row is the last message built in `rows`. */
export const REWRITTEN = Symbol('rewritten');

const code = (c: string) => c.charCodeAt(0);
const [ROW_DESC, DATA_ROW, COMPLETE, SUSPENDED, EMPTY_QUERY, ERROR, NOTICE, NOTIFY, COPY_OUT, COPY_DATA, READY] = [...'TDCsIENAHdZ'].map(code);
const [PARSE_OK, BIND_OK, CLOSE_OK, NO_DATA] = [...'123n'].map(code);

/** Types whose binary form is their UTF-8 text: text, varchar, bpchar, name, json, xml, unknown. */
const TEXT_BINARY = new Set([25, 1043, 1042, 19, 114, 142, 705]);
/** jsonb's binary form is a version byte (1) and then the JSON text. */
const JSONB = 3802;
/**
 * Types whose text PostgreSQL prints from a number, a date or a time, never from text anyone wrote,
 * and in which no detector finds anything: bool, int2, int4, oid, date, time, timetz, timestamp,
 * timestamptz, interval, uuid. The detectors skip them (a timestamp costs them several µs); column
 * rules still apply. int8, numeric and floats are scanned: they are long enough to hold a card number.
 */
const NOTHING_TO_DETECT = new Set([16, 21, 23, 26, 1082, 1083, 1266, 1114, 1184, 1186, 2950]);

/** Error and notice fields that can echo data: message, detail, hint, context, internal query. */
const ECHOING_FIELDS = new Set(['M', 'D', 'H', 'W', 'q', 'p']);
/** `Key (email)=(a@b.com) already exists.`: the one place PostgreSQL names the column a value belongs to. */
const KEY_DETAIL = /^Key \(([^()]*)\)=\((.*)\)( .*)?$/s;

/** What happens to a result column's values, decided once per RowDescription or Execute. */
const enum Action {
  Keep,
  /** A column rule on a value whose bytes are text. */
  Mask,
  /** A column rule on a binary value that is not text: it becomes NULL. */
  Null,
  /** The detectors, on a value whose bytes are text. */
  Scrub,
}

interface ColumnPlan {
  readonly action: Action;
  /** For Mask and Null: the rule, and the audit counts' name for the column. */
  readonly mask: WholeValueMask | undefined;
  readonly column: string;
  /** Bytes before the text: jsonb's version byte. */
  readonly prefix: number;
  /** Values masked by the column rule and not yet added to the counts. */
  masked: number;
}

interface CopyPlan {
  readonly csv: boolean;
  readonly delimiter: string;
  readonly columns: ReadonlyArray<ColumnMask | undefined>;
}

/**
 * Masks one agent session's results before they leave the gateway: DataRow values (text, and binary
 * when the bytes are text), error and notice fields, notification payloads and COPY TO data. Column
 * rules apply to columns the catalog traces to a masked column; the content detectors to the rest.
 * A masked column in a binary format that is not text becomes NULL, and the statement gets one
 * NOTICE saying so. Anything it cannot mask safely throws; the session then withholds the result.
 *
 * A simple Query's rows follow their RowDescription; an Execute's rows come without one, so they are
 * masked by the columns last described for the portal being executed (see ResultShapes), and withheld
 * when the gateway never saw them described.
 */
export class ResultMasker {
  private readonly maskCounts = new MaskCounts();
  private readonly shapes = new ResultShapes();
  /** The current rows' plan; undefined between statements, until a RowDescription or the first row of an Execute. */
  private plan: readonly ColumnPlan[] | undefined;
  /** Whether any column of the current plan has a rule or is scrubbed (true while there is no plan, so rows get one). */
  private planRewrites = true;
  private copy: CopyPlan | undefined;
  private nulledBinary = 0;
  private readonly values = new DataRowValues();
  /** Rewritten rows, to be taken by the caller: rows rewritten one after another go out as one piece. */
  readonly rows = new RowBuilder();

  constructor(
    private readonly masker: Masker,
    public catalog: MaskingCatalog,
    /** Called when a result comes from a relation the catalog does not know yet. */
    private readonly onStale: () => void,
  ) {}

  /**
   * The bytes to send instead of the whole backend message in buf[start, end), REWRITTEN for a row
   * rewritten into `rows`, or undefined to forward it as is. A message comes as offsets rather than a
   * view of its own, as rows are many.
   */
  transform(type: number, buf: Buffer, start: number, end: number, answering: Answering): Buffer | typeof REWRITTEN | undefined {
    // Rows come first and most often; everything else is rare enough to slice for.
    if (type === DATA_ROW) return this.planRewrites || this.masker.detecting ? this.row(buf, start, end, answering) : undefined;
    const msg = buf.subarray(start, end);
    const body = msg.subarray(5);
    switch (type) {
      case ROW_DESC: {
        const fields = decodeRowDescription(body);
        if (!this.shapes.described(answering(), fields)) this.usePlan(fields);
        return undefined;
      }
      case COPY_OUT:
        this.startCopy(body, answering());
        return undefined;
      case COPY_DATA:
        return this.copy ? this.copyRow(body, this.copy) : undefined;
      case ERROR:
      case NOTICE:
        return this.withNotice(msg, this.errorFields(type === ERROR ? 'E' : 'N', body), this.endOfStatement(type === ERROR));
      case NOTIFY:
        return this.notification(body);
      case COMPLETE:
      case SUSPENDED:
      case EMPTY_QUERY:
        this.follow(type, body, answering);
        return this.withNotice(msg, undefined, this.endOfStatement(true));
      default:
        this.follow(type, body, answering);
        return undefined;
    }
  }

  /**
   * A message of a result the session withholds: nothing to mask, but what it says about statements and
   * portals is kept, so later executions are still masked by their own columns.
   */
  skip(type: number, buf: Buffer, start: number, end: number, answering: Answering): void {
    if (type === DATA_ROW) return;
    const body = buf.subarray(start + 5, end);
    if (type === ROW_DESC) this.shapes.described(answering(), decodeRowDescription(body));
    else this.follow(type, body, answering);
  }

  /** What was masked since the last statement completed. */
  get counts(): MaskCounts {
    this.countColumns();
    return this.maskCounts;
  }

  /** Text through the detectors, not counted (for copies such as the audit trail's). */
  scrub(text: string): string {
    return this.masker.scrub(text, new MaskCounts());
  }

  /** What a message other than rows and their RowDescription says about statements, portals and the cycle. */
  private follow(type: number, body: Buffer, answering: Answering): void {
    switch (type) {
      case NO_DATA:
        this.shapes.described(answering(), null);
        return;
      case PARSE_OK:
      case BIND_OK:
      case CLOSE_OK:
        this.shapes.done(answering());
        return;
      case COMPLETE:
        this.shapes.completed(body.toString('latin1', 0, 12));
        return;
      case READY:
        this.shapes.ready(answering(), String.fromCharCode(body[0] ?? 0));
        // A withheld cycle can end in the middle of rows.
        this.endRows();
        this.nulledBinary = 0;
        this.copy = undefined;
        return;
      default:
        return;
    }
  }

  /** The plan for an Execute's rows, which come without a RowDescription: the portal's, if the gateway knows it. */
  private portalPlan(answering: Answering): readonly ColumnPlan[] {
    const e = answering();
    const shape: Shape | undefined = e?.kind === 'execute' ? this.shapes.portal(e.portal) : undefined;
    if (!shape) {
      throw new Error(
        e?.kind !== 'execute'
          ? 'rows arrived without a RowDescription'
          : `the gateway did not see the columns of portal "${e.portal}" described; Describe the statement or the portal before executing it`,
      );
    }
    return this.usePlan(shape);
  }

  private usePlan(fields: readonly FieldDescription[]): readonly ColumnPlan[] {
    // A relation newer than the catalog could hold a masked column nobody knows about yet.
    const unknown = this.masker.columns.empty ? undefined : fields.find((f) => !this.catalog.knows(f.tableOid));
    if (unknown) {
      this.onStale();
      throw new Error(`relation ${unknown.tableOid} is newer than the masking catalog, which is being read again; run the statement again`);
    }
    this.countColumns();
    const plan = fields.map((f) => this.columnPlan(f));
    this.plan = plan;
    this.planRewrites = plan.some((p) => p.action !== Action.Keep);
    return plan;
  }

  private columnPlan(f: FieldDescription): ColumnPlan {
    // The bytes before a value's text (jsonb's version byte); undefined when its bytes are not text.
    const prefix = f.format === 0 || TEXT_BINARY.has(f.typeOid) ? 0 : f.typeOid === JSONB ? 1 : undefined;
    const rule = this.catalog.maskFor(f.tableOid, f.attnum);
    const scrub = prefix !== undefined && this.masker.detecting && !NOTHING_TO_DETECT.has(f.typeOid);
    const action = rule ? (prefix === undefined ? Action.Null : Action.Mask) : scrub ? Action.Scrub : Action.Keep;
    return { action, mask: rule && this.masker.columnMask(rule.style, rule.column), column: rule?.column ?? '', prefix: prefix ?? 0, masked: 0 };
  }

  /** Adds what the column rules masked to the counts (counted per column, as a Map update per value costs). */
  private countColumns(): void {
    for (const p of this.plan ?? []) {
      if (p.masked > 0) this.maskCounts.add(p.column, p.masked);
      p.masked = 0;
    }
  }

  /**
   * Rewrites a DataRow into `rows` with its masked values replaced (REWRITTEN), or leaves it alone when
   * none changed (undefined). Values are located in place and only the ones that need masking are
   * decoded: result sets are large, and most columns pass through untouched. The new row is written
   * straight into the output, original spans and replacements alike, in one pass.
   */
  private row(buf: Buffer, rowStart: number, rowEnd: number, answering: Answering): typeof REWRITTEN | undefined {
    const plans = this.plan ?? this.portalPlan(answering);
    const { count, at, length } = this.values.read(buf, rowStart, rowEnd);
    if (count > plans.length) throw new Error('a DataRow has more values than its RowDescription has columns');
    // buf[from, …) is not in the output yet; rowStart while nothing has changed.
    let from = rowStart;
    for (let i = 0; i < count; i++) {
      const plan = plans[i]!;
      const start = at[i]!;
      const end = start + length[i]!;
      if (plan.action === Action.Keep || end < start) continue;
      if (end - start < plan.prefix) throw new Error('a jsonb value in binary format is missing its version byte');
      const text = plan.action === Action.Scrub ? this.scrubbed(buf, start + plan.prefix, end) : this.masked(buf, start + plan.prefix, end, plan);
      if (text === undefined) continue;
      if (from === rowStart) this.rows.begin();
      // The length field is rewritten too.
      this.rows.copy(buf, from, start - 4);
      from = end;
      if (text === null) {
        this.rows.nullValue();
        continue;
      }
      const mark = this.rows.openValue();
      this.rows.copy(buf, start, start + plan.prefix);
      this.rows.text(text);
      this.rows.closeValue(mark);
    }
    if (from === rowStart) return undefined;
    this.rows.copy(buf, from, rowEnd);
    this.rows.finish();
    return REWRITTEN;
  }

  /** The replacement text for a value under a column rule, or null for a binary value that becomes NULL. */
  private masked(buf: Buffer, start: number, end: number, plan: ColumnPlan): string | null {
    plan.masked++;
    if (plan.action === Action.Null) {
      this.nulledBinary++;
      return null;
    }
    return plan.mask!.bytes(buf, start, end);
  }

  /** The value with what the detectors found replaced, or undefined when they found nothing. */
  private scrubbed(buf: Buffer, start: number, end: number): string | undefined {
    const text = buf.toString('utf8', start, end);
    const scrubbed = this.masker.scrub(text, this.maskCounts);
    return scrubbed === text ? undefined : scrubbed;
  }

  private startCopy(body: Buffer, e: Expectation<{ readonly text: string }> | undefined): void {
    const sql = e?.kind === 'query' || e?.kind === 'execute' ? e.stmt.text : undefined;
    const { format } = decodeCopyOutResponse(body);
    const target = sql === undefined ? undefined : copyTarget(sql);
    const columns = target?.relation ? (this.catalog.copyColumns(target.relation, target.columns) ?? []) : [];
    const masks = columns.some((c) => c);
    if (!masks && !this.masker.detecting) return;
    if (format !== 0) throw new Error('binary COPY of data that needs masking is not supported; use text or CSV format');
    if (!target) throw new Error('could not tell what this COPY sends, so it cannot be masked');
    this.copy = { csv: target.csv, delimiter: target.delimiter, columns };
  }

  private copyRow(body: Buffer, copy: CopyPlan): Buffer | undefined {
    const text = body.toString('utf8');
    const newline = text.endsWith('\n') ? '\n' : '';
    const fields = splitCopyLine(text.slice(0, text.length - newline.length), copy.csv, copy.delimiter);
    let changed = false;
    const out = fields.map((raw, i) => {
      const mask = copy.columns[i];
      let next = raw;
      if (mask && !isCopyNull(raw, copy.csv)) next = copyField(this.masker.whole(raw, mask.style, mask.column, this.maskCounts), copy.csv);
      else if (!mask) next = this.masker.scrub(raw, this.maskCounts);
      if (next !== raw) changed = true;
      return next;
    });
    return changed ? copyData(Buffer.from(out.join(copy.delimiter) + newline, 'utf8')) : undefined;
  }

  private errorFields(type: 'E' | 'N', body: Buffer): Buffer | undefined {
    const fields = decodeFieldList(body);
    const at = (c: string) => fields.find(([k]) => k === c)?.[1];
    let changed = false;
    const out = fields.map(([k, v]): [string, string] => {
      let next = ECHOING_FIELDS.has(k) ? this.masker.scrub(v, this.maskCounts) : v;
      if (k === 'D') next = this.keyDetail(next, at('s'), at('t'));
      if (next !== v) changed = true;
      return [k, next];
    });
    return changed ? encodeFieldList(type, out) : undefined;
  }

  /** Masks the values of `Key (col, …)=(val, …)` whose columns are masked in the error's table. */
  private keyDetail(detail: string, schema: string | undefined, table: string | undefined): string {
    const m = KEY_DETAIL.exec(detail);
    if (!m || schema === undefined || table === undefined) return detail;
    const columns = (m[1] ?? '').split(', ');
    const style = columns.map((column) => this.masker.styleFor({ schema, table, column })).find((s) => s);
    // Values are comma-joined and may contain commas themselves, so a masked column masks them all.
    if (!style) return detail;
    return `Key (${m[1]})=(${this.masker.whole(m[2] ?? '', style, `${schema}.${table}.${columns.join(',')}`, this.maskCounts)})${m[3] ?? ''}`;
  }

  private notification(body: Buffer): Buffer | undefined {
    const n = decodeNotification(body);
    const payload = this.masker.scrub(n.payload, this.maskCounts);
    return payload === n.payload ? undefined : encodeNotification({ ...n, payload });
  }

  /** At the end of a statement's rows: the next rows need a plan of their own; the NOTICE about nulled binary values, if any. */
  private endOfStatement(ended: boolean): Buffer | undefined {
    if (!ended) return undefined;
    this.endRows();
    if (this.nulledBinary === 0) return undefined;
    const n = this.nulledBinary;
    this.nulledBinary = 0;
    return noticeResponse({
      code: '01000',
      message: `airlock: ${n} value${n === 1 ? '' : 's'} of masked columns in a binary format were replaced by NULL; request text format to see them masked`,
    });
  }

  /** The next rows need a plan of their own. */
  private endRows(): void {
    this.countColumns();
    this.plan = undefined;
    this.planRewrites = true;
  }

  /** `replacement` (or the original message) preceded by `notice`; undefined when neither changes anything. */
  private withNotice(original: Buffer, replacement: Buffer | undefined, notice: Buffer | undefined): Buffer | undefined {
    return notice ? Buffer.concat([notice, replacement ?? original]) : replacement;
  }
}
