import { BufferReader } from './buffer-reader.js';

/** The fields of an ErrorResponse or NoticeResponse, keyed by their one-letter codes. */
export function decodeErrorFields(body: Buffer): Map<string, string> {
  const r = new BufferReader(body, 'ErrorResponse');
  const out = new Map<string, string>();
  for (;;) {
    const code = r.byte();
    if (code === 0) break;
    out.set(String.fromCharCode(code), r.cstring());
  }
  return out;
}

/** Rows affected or returned, from a CommandComplete tag such as "INSERT 0 3", "SELECT 5", "DELETE 2". */
export function rowsFromTag(tag: string): number | null {
  const m = /\s(\d+)$/.exec(tag);
  return m ? Number(m[1]) : null;
}
