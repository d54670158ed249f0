import { BufferReader } from './buffer-reader.js';
import { ProtocolViolation } from './protocol-error.js';

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3_0 = 196608;

export type StartupPacket =
  | { readonly kind: 'ssl' }
  | { readonly kind: 'gssenc' }
  | { readonly kind: 'cancel'; readonly processId: number; readonly secretKey: number }
  | { readonly kind: 'startup'; readonly minorVersion: number; readonly params: ReadonlyMap<string, string> };

export function decodeStartupPacket(body: Buffer): StartupPacket {
  const r = new BufferReader(body, 'startup');
  const code = r.int32();
  if (code === SSL_REQUEST) return { kind: 'ssl' };
  if (code === GSSENC_REQUEST) return { kind: 'gssenc' };
  if (code === CANCEL_REQUEST) {
    const processId = r.int32();
    const secretKey = r.int32();
    return { kind: 'cancel', processId, secretKey };
  }
  if (code >>> 16 !== 3) throw new ProtocolViolation(`unsupported frontend protocol ${code >>> 16}.${code & 0xffff}`);
  const params = new Map<string, string>();
  for (;;) {
    const key = r.cstring();
    if (key === '') break;
    params.set(key, r.cstring());
  }
  return { kind: 'startup', minorVersion: code & 0xffff, params };
}

export const cstringBody = (body: Buffer, what: string): string => {
  const r = new BufferReader(body, what);
  const s = r.cstring();
  r.end();
  return s;
};

/** SASLInitialResponse: the chosen mechanism and its first message (absent when the length is -1). */
export function decodeSaslInitialResponse(body: Buffer): { readonly mechanism: string; readonly data: Buffer | undefined } {
  const r = new BufferReader(body, 'SASLInitialResponse');
  const mechanism = r.cstring();
  const length = r.int32();
  const data = length === -1 ? undefined : r.bytes(length);
  r.end();
  return { mechanism, data };
}

export interface ParseMessage {
  readonly name: string;
  readonly sql: string;
}

export function decodeParse(body: Buffer): ParseMessage {
  const r = new BufferReader(body, 'Parse');
  const name = r.cstring();
  const sql = r.cstring();
  const n = r.int16();
  for (let i = 0; i < n; i++) r.int32();
  r.end();
  return { name, sql };
}

export interface BindMessage {
  readonly portal: string;
  readonly statement: string;
  /** Parameter values as text where the client sent text format; binary ones as null-free placeholders. */
  readonly textParams: readonly (string | null)[];
  /** Result format codes: none (all text), one for every column, or one per column. */
  readonly resultFormats: readonly number[];
}

export function decodeBind(body: Buffer): BindMessage {
  const r = new BufferReader(body, 'Bind');
  const portal = r.cstring();
  const statement = r.cstring();
  const nFormats = r.int16();
  const formats: number[] = [];
  for (let i = 0; i < nFormats; i++) formats.push(r.int16());
  const nParams = r.int16();
  const textParams: (string | null)[] = [];
  for (let i = 0; i < nParams; i++) {
    const len = r.int32();
    const format = nFormats === 0 ? 0 : nFormats === 1 ? formats[0] : formats[i];
    if (len === -1) {
      textParams.push(null);
      continue;
    }
    const value = r.bytes(len);
    textParams.push(format === 0 ? value.toString('utf8') : value.toString('hex'));
  }
  const nResult = r.int16();
  const resultFormats: number[] = [];
  for (let i = 0; i < nResult; i++) resultFormats.push(r.int16());
  r.end();
  return { portal, statement, textParams, resultFormats };
}

export interface TargetMessage {
  /** 'S' statement or 'P' portal. */
  readonly target: 'S' | 'P';
  readonly name: string;
}

export function decodeTarget(body: Buffer, what: 'Describe' | 'Close'): TargetMessage {
  const r = new BufferReader(body, what);
  const t = String.fromCharCode(r.byte());
  if (t !== 'S' && t !== 'P') throw new ProtocolViolation(`${what} of unknown kind '${t}'`);
  const name = r.cstring();
  r.end();
  return { target: t, name };
}

export function decodeExecute(body: Buffer): { readonly portal: string; readonly maxRows: number } {
  const r = new BufferReader(body, 'Execute');
  const portal = r.cstring();
  const maxRows = r.int32();
  r.end();
  return { portal, maxRows };
}
