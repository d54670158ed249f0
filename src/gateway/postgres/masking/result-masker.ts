import { MaskCounts } from '../../../masking/mask-counts.js';
import type { Masker } from '../../../masking/masker.js';
import { noticeResponse } from '../wire/backend-messages.js';
import {
  copyData,
  decodeCopyOutResponse,
  decodeFieldList,
  decodeNotification,
  decodeRowDescription,
  encodeFieldList,
  encodeNotification,
  forEachValue,
} from '../wire/result-messages.js';
import { copyField, isCopyNull, splitCopyLine } from './copy-line.js';
import { copyTarget } from './copy-target.js';
import type { ColumnMask, MaskingCatalog } from './masking-catalog.js';

const code = (c: string) => c.charCodeAt(0);
const [ROW_DESC, DATA_ROW, COMPLETE, SUSPENDED, ERROR, NOTICE, NOTIFY, COPY_OUT, COPY_DATA, READY] = [...'TDCsENAHdZ'].map(code);

/** Types whose binary form is their UTF-8 text: text, varchar, bpchar, name, json, xml, unknown. */
const TEXT_BINARY = new Set([25, 1043, 1042, 19, 114, 142, 705]);
/** jsonb's binary form is a version byte (1) and then the JSON text. */
const JSONB = 3802;

/** Error and notice fields that can echo data: message, detail, hint, context, internal query. */
const ECHOING_FIELDS = new Set(['M', 'D', 'H', 'W', 'q', 'p']);
/** `Key (email)=(a@b.com) already exists.`: the one place PostgreSQL names the column a value belongs to. */
const KEY_DETAIL = /^Key \(([^()]*)\)=\((.*)\)( .*)?$/s;

interface ColumnPlan {
  readonly mask: ColumnMask | undefined;
  /** How the value's bytes carry text: directly, after jsonb's version byte, or not at all. */
  readonly text: 'plain' | 'jsonb' | 'none';
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
 */
export class ResultMasker {
  /** What was masked since the last statement completed. */
  readonly counts = new MaskCounts();
  private plan: readonly ColumnPlan[] = [];
  private planMasks = false;
  private copy: CopyPlan | undefined;
  private nulledBinary = 0;

  constructor(
    private readonly masker: Masker,
    public catalog: MaskingCatalog,
    /** Called when a result comes from a relation the catalog does not know yet. */
    private readonly onStale: () => void,
  ) {}

  /**
   * The bytes to send instead of `msg` (a whole backend message), or undefined to forward it as is.
   * `statement` is the text of the statement the message answers, read only for COPY.
   */
  transform(type: number, msg: Buffer, statement: () => string | undefined): Buffer | undefined {
    // Rows come first and most often; everything else is rare enough to slice a body for.
    if (type === DATA_ROW) return this.planMasks || this.masker.detecting ? this.row(msg) : undefined;
    const body = msg.subarray(5);
    switch (type) {
      case ROW_DESC:
        this.describe(body);
        return undefined;
      case COPY_OUT:
        this.startCopy(body, statement());
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
        return this.withNotice(msg, undefined, this.endOfStatement(true));
      case READY:
        this.copy = undefined;
        return undefined;
      default:
        return undefined;
    }
  }

  /** Text through the detectors, not counted (for copies such as the audit trail's). */
  scrub(text: string): string {
    return this.masker.scrub(text, new MaskCounts());
  }

  private describe(body: Buffer): void {
    const fields = decodeRowDescription(body);
    // A relation newer than the catalog could hold a masked column nobody knows about yet.
    const unknown = this.masker.columns.empty ? undefined : fields.find((f) => !this.catalog.knows(f.tableOid));
    if (unknown) {
      this.onStale();
      throw new Error(`relation ${unknown.tableOid} is newer than the masking catalog, which is being read again; run the statement again`);
    }
    this.plan = fields.map((f) => ({
      mask: this.catalog.maskFor(f.tableOid, f.attnum),
      text: f.format === 0 || TEXT_BINARY.has(f.typeOid) ? 'plain' : f.typeOid === JSONB ? 'jsonb' : 'none',
    }));
    this.planMasks = this.plan.some((p) => p.mask);
  }

  /**
   * A DataRow with its masked values replaced, or undefined when none changed. Values are located in
   * place and only the ones that need masking are decoded: result sets are large, and most columns
   * pass through untouched.
   */
  private row(msg: Buffer): Buffer | undefined {
    let edits: Edit[] | undefined;
    forEachValue(msg, (i, at, length) => {
      const plan = this.plan[i];
      if (!plan) throw new Error('a DataRow has more values than its RowDescription has columns');
      if (length < 0 || !(plan.mask || (plan.text !== 'none' && this.masker.detecting))) return;
      const value = this.value(msg, at, at + length, plan);
      // An edit replaces the value's length field too.
      if (value !== undefined) (edits ??= []).push({ start: at - 4, end: at + length, value });
    });
    return edits && spliceValues(msg, edits);
  }

  /** The replacement for the value at msg[start, end) (text to encode, or bytes), null for NULL, or undefined to keep it. */
  private value(msg: Buffer, start: number, end: number, plan: ColumnPlan): Edit['value'] | undefined {
    const prefix = plan.text === 'jsonb' ? 1 : 0;
    if (plan.mask) {
      if (plan.text === 'none') {
        this.nulledBinary++;
        this.counts.add(plan.mask.column);
        return null;
      }
      return withPrefix(msg, start, prefix, this.masker.whole(msg.toString('utf8', start + prefix, end), plan.mask.style, plan.mask.column, this.counts));
    }
    const text = msg.toString('utf8', start + prefix, end);
    const scrubbed = this.masker.scrub(text, this.counts);
    return scrubbed === text ? undefined : withPrefix(msg, start, prefix, scrubbed);
  }

  private startCopy(body: Buffer, sql: string | undefined): void {
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
      if (mask && !isCopyNull(raw, copy.csv)) next = copyField(this.masker.whole(raw, mask.style, mask.column, this.counts), copy.csv);
      else if (!mask) next = this.masker.scrub(raw, this.counts);
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
      let next = ECHOING_FIELDS.has(k) ? this.masker.scrub(v, this.counts) : v;
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
    return `Key (${m[1]})=(${this.masker.whole(m[2] ?? '', style, `${schema}.${table}.${columns.join(',')}`, this.counts)})${m[3] ?? ''}`;
  }

  private notification(body: Buffer): Buffer | undefined {
    const n = decodeNotification(body);
    const payload = this.masker.scrub(n.payload, this.counts);
    return payload === n.payload ? undefined : encodeNotification({ ...n, payload });
  }

  /** At the end of a statement's rows: the NOTICE about nulled binary values, if any. */
  private endOfStatement(ended: boolean): Buffer | undefined {
    if (!ended || this.nulledBinary === 0) return undefined;
    const n = this.nulledBinary;
    this.nulledBinary = 0;
    return noticeResponse({
      code: '01000',
      message: `airlock: ${n} value${n === 1 ? '' : 's'} of masked columns in a binary format were replaced by NULL; request text format to see them masked`,
    });
  }

  /** `replacement` (or the original message) preceded by `notice`; undefined when neither changes anything. */
  private withNotice(original: Buffer, replacement: Buffer | undefined, notice: Buffer | undefined): Buffer | undefined {
    return notice ? Buffer.concat([notice, replacement ?? original]) : replacement;
  }
}

/** A replaced value: text is encoded straight into the new row; bytes are for values with a prefix. */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly value: string | Buffer | null;
}

/** `text` as a value, after the `prefix` bytes of the original value at msg[start] (jsonb's version byte). */
function withPrefix(msg: Buffer, start: number, prefix: number, text: string): string | Buffer {
  return prefix ? Buffer.concat([msg.subarray(start, start + prefix), Buffer.from(text, 'utf8')]) : text;
}

/** `msg` (a DataRow) with each edit's length-and-value span replaced, in one allocation. */
function spliceValues(msg: Buffer, edits: readonly Edit[]): Buffer {
  const lengths = edits.map((e) => (e.value === null ? 0 : typeof e.value === 'string' ? Buffer.byteLength(e.value, 'utf8') : e.value.length));
  let size = msg.length;
  edits.forEach((e, i) => (size += 4 + (lengths[i] ?? 0) - (e.end - e.start)));
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  let from = 0;
  edits.forEach((e, i) => {
    at += msg.copy(out, at, from, e.start);
    at = out.writeInt32BE(e.value === null ? -1 : (lengths[i] ?? 0), at);
    if (typeof e.value === 'string') at += out.write(e.value, at, 'utf8');
    else if (e.value) at += e.value.copy(out, at);
    from = e.end;
  });
  msg.copy(out, at, from);
  out.writeInt32BE(size - 1, 1);
  return out;
}
