/**
 * Decoders for the backend messages that can arrive before the first ReadyForQuery. Each takes a
 * message body (after type byte and length) and throws on anything truncated or inconsistent.
 */

export type AuthRequest =
  | { readonly kind: 'ok' }
  | { readonly kind: 'cleartext' }
  | { readonly kind: 'md5'; readonly salt: Buffer }
  | { readonly kind: 'sasl'; readonly mechanisms: readonly string[] }
  | { readonly kind: 'sasl-continue'; readonly data: string }
  | { readonly kind: 'sasl-final'; readonly data: string }
  | { readonly kind: 'unsupported'; readonly method: string };

/** Names for the methods we do not speak, so the error says what the server wanted. */
const UNSUPPORTED_AUTH: Readonly<Record<number, string>> = { 2: 'Kerberos V5', 6: 'SCM credentials', 7: 'GSSAPI', 8: 'GSSAPI', 9: 'SSPI' };

class BodyReader {
  private offset = 0;
  constructor(private readonly body: Buffer, private readonly what: string) {}

  int32(): number {
    this.need(4);
    const v = this.body.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.body.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  cstring(): string {
    const end = this.body.indexOf(0, this.offset);
    if (end < 0) throw new Error(`upstream sent a malformed ${this.what} message (unterminated string)`);
    const v = this.body.toString('utf8', this.offset, end);
    this.offset = end + 1;
    return v;
  }

  remaining(): Buffer {
    return this.bytes(this.body.length - this.offset);
  }

  end(): void {
    if (this.offset !== this.body.length) throw new Error(`upstream sent a malformed ${this.what} message (trailing bytes)`);
  }

  private need(n: number): void {
    if (this.offset + n > this.body.length) throw new Error(`upstream sent a malformed ${this.what} message (truncated)`);
  }
}

export function decodeAuthRequest(body: Buffer): AuthRequest {
  const r = new BodyReader(body, 'authentication');
  const code = r.int32();
  switch (code) {
    case 0:
      r.end();
      return { kind: 'ok' };
    case 3:
      r.end();
      return { kind: 'cleartext' };
    case 5: {
      const salt = r.bytes(4);
      r.end();
      return { kind: 'md5', salt };
    }
    case 10: {
      const mechanisms: string[] = [];
      for (let m = r.cstring(); m !== ''; m = r.cstring()) mechanisms.push(m);
      r.end();
      return { kind: 'sasl', mechanisms };
    }
    case 11:
      return { kind: 'sasl-continue', data: r.remaining().toString('utf8') };
    case 12:
      return { kind: 'sasl-final', data: r.remaining().toString('utf8') };
    default:
      return { kind: 'unsupported', method: UNSUPPORTED_AUTH[code] ?? `method ${code}` };
  }
}

export function decodeParameterStatus(body: Buffer): { name: string; value: string } {
  const r = new BodyReader(body, 'ParameterStatus');
  const name = r.cstring();
  const value = r.cstring();
  r.end();
  return { name, value };
}

export function decodeBackendKeyData(body: Buffer): { processId: number; secretKey: number } {
  const r = new BodyReader(body, 'BackendKeyData');
  const processId = r.int32();
  const secretKey = r.int32();
  r.end();
  return { processId, secretKey };
}

export function decodeReadyForQuery(body: Buffer): 'I' | 'T' | 'E' {
  const status = body.length === 1 ? String.fromCharCode(body[0]!) : '';
  if (status !== 'I' && status !== 'T' && status !== 'E') throw new Error('upstream sent a malformed ReadyForQuery message');
  return status;
}

/** ErrorResponse / NoticeResponse: field type letter → value (S, V, C, M, D, H, …). */
export function decodeErrorFields(body: Buffer): ReadonlyMap<string, string> {
  const r = new BodyReader(body, 'ErrorResponse');
  const fields = new Map<string, string>();
  for (;;) {
    const type = r.bytes(1)[0]!;
    if (type === 0) break;
    fields.set(String.fromCharCode(type), r.cstring());
  }
  r.end();
  return fields;
}

export function decodeNegotiateProtocolVersion(body: Buffer): { newestMinor: number; unrecognized: readonly string[] } {
  const r = new BodyReader(body, 'NegotiateProtocolVersion');
  const newestMinor = r.int32();
  const count = r.int32();
  const unrecognized: string[] = [];
  for (let i = 0; i < count; i++) unrecognized.push(r.cstring());
  r.end();
  return { newestMinor, unrecognized };
}
