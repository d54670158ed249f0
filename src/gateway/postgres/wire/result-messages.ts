import { BufferReader } from './buffer-reader.js';
import { cstrings, message } from './backend-messages.js';
import { ProtocolViolation } from './protocol-error.js';

/**
 * Decoders and encoders for the backend messages that carry data values (the ones masking rewrites).
 * Bodies exclude the type byte and length; encoders return whole messages.
 */

export interface FieldDescription {
  readonly name: string;
  /** OID of the table the column comes from; 0 for computed columns. */
  readonly tableOid: number;
  /** The column's attribute number in that table; 0 when not a plain column. */
  readonly attnum: number;
  readonly typeOid: number;
  /** 0 text, 1 binary. */
  readonly format: number;
}

export function decodeRowDescription(body: Buffer): FieldDescription[] {
  const r = new BufferReader(body, 'RowDescription');
  const n = r.int16();
  const fields: FieldDescription[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.cstring();
    const tableOid = r.int32() >>> 0;
    const attnum = r.int16();
    const typeOid = r.int32() >>> 0;
    r.int16(); // type size
    r.int32(); // type modifier
    fields.push({ name, tableOid, attnum, typeOid, format: r.int16() });
  }
  return fields;
}

/**
 * Where the values of a whole DataRow message lie, found in place and bounds-checked: value i's bytes
 * start at `at[i]` in the buffer holding the message and are `length[i]` long (-1 for NULL). One
 * instance is reused row after row, so locating a row's values allocates nothing and copies nothing;
 * callers decode only the values they need.
 */
export class DataRowValues {
  count = 0;
  at = new Int32Array(16);
  length = new Int32Array(16);

  /** Locates the values of the DataRow message in buf[start, end). */
  read(buf: Buffer, start = 0, end = buf.length): this {
    if (end - start < 7) throw truncatedRow();
    const n = int16(buf, start + 5);
    if (n > this.at.length) {
      this.at = new Int32Array(n);
      this.length = new Int32Array(n);
    }
    let pos = start + 7;
    for (let i = 0; i < n; i++) {
      if (pos + 4 > end) throw truncatedRow();
      const length = int32(buf, pos);
      pos += 4;
      this.at[i] = pos;
      this.length[i] = length;
      if (length > 0) pos += length;
    }
    if (pos > end) throw truncatedRow();
    if (pos < end) throw new ProtocolViolation('trailing bytes in DataRow message');
    this.count = Math.max(n, 0);
    return this;
  }
}

// Read by hand, as the row path reads a length per value: Buffer's readers check their arguments on every call.
const int16 = (b: Buffer, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16)) >> 16;
const int32 = (b: Buffer, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;

const truncatedRow = () => new ProtocolViolation('truncated DataRow message');

/** ErrorResponse / NoticeResponse fields in wire order (order is kept when re-encoding). */
export function decodeFieldList(body: Buffer): Array<[code: string, value: string]> {
  const r = new BufferReader(body, 'ErrorResponse');
  const out: Array<[string, string]> = [];
  for (let code = r.byte(); code !== 0; code = r.byte()) out.push([String.fromCharCode(code), r.cstring()]);
  return out;
}

export function encodeFieldList(type: 'E' | 'N', fields: ReadonlyArray<readonly [string, string]>): Buffer {
  return message(type, Buffer.concat([...fields.map(([code, value]) => Buffer.concat([Buffer.from(code), cstrings(value)])), Buffer.from([0])]));
}

export interface Notification {
  readonly pid: number;
  readonly channel: string;
  readonly payload: string;
}

export function decodeNotification(body: Buffer): Notification {
  const r = new BufferReader(body, 'NotificationResponse');
  return { pid: r.int32(), channel: r.cstring(), payload: r.cstring() };
}

export function encodeNotification(n: Notification): Buffer {
  const pid = Buffer.allocUnsafe(4);
  pid.writeInt32BE(n.pid, 0);
  return message('A', Buffer.concat([pid, cstrings(n.channel, n.payload)]));
}

/** CopyOutResponse: the overall format (0 text, 1 binary) and the column count. */
export function decodeCopyOutResponse(body: Buffer): { readonly format: number; readonly columns: number } {
  const r = new BufferReader(body, 'CopyOutResponse');
  return { format: r.byte(), columns: r.int16() };
}

export const copyData = (data: Buffer): Buffer => message('d', data);
