/** Encoders for the messages the gateway itself sends to the agent. */

export function message(type: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(5 + body.length);
  out[0] = type.charCodeAt(0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}

export function cstrings(...parts: string[]): Buffer {
  return Buffer.concat(parts.flatMap((p) => [Buffer.from(p, 'utf8'), Buffer.from([0])]));
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n, 0);
  return b;
}

export type Severity = 'ERROR' | 'FATAL' | 'NOTICE' | 'WARNING';

export interface ErrorFields {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly detail?: string;
  readonly hint?: string;
}

function fields(f: ErrorFields): Buffer {
  const parts: Buffer[] = [];
  const add = (code: string, value: string | undefined) => {
    if (value !== undefined) parts.push(Buffer.from(code), cstrings(value));
  };
  add('S', f.severity);
  add('V', f.severity);
  add('C', f.code);
  add('M', f.message);
  add('D', f.detail);
  add('H', f.hint);
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export const errorResponse = (f: ErrorFields): Buffer => message('E', fields(f));
export const noticeResponse = (f: Omit<ErrorFields, 'severity'> & { severity?: Severity }): Buffer =>
  message('N', fields({ severity: 'NOTICE', ...f }));
export const readyForQuery = (status: TransactionStatus): Buffer => message('Z', Buffer.from(status));
export const authenticationOk = (): Buffer => message('R', int32(0));
export const authenticationCleartext = (): Buffer => message('R', int32(3));
/** AuthenticationSASL: the mechanisms offered, as a list ended by an empty name. */
export const authenticationSasl = (mechanisms: readonly string[]): Buffer => message('R', Buffer.concat([int32(10), cstrings(...mechanisms, '')]));
export const authenticationSaslContinue = (data: string): Buffer => message('R', Buffer.concat([int32(11), Buffer.from(data, 'utf8')]));
export const authenticationSaslFinal = (data: string): Buffer => message('R', Buffer.concat([int32(12), Buffer.from(data, 'utf8')]));
export const parameterStatus = (name: string, value: string): Buffer => message('S', cstrings(name, value));
export const backendKeyData = (processId: number, secretKey: number): Buffer =>
  message('K', Buffer.concat([int32(processId), int32(secretKey)]));
/** Answers the minor-version and `_pq_.` options we don't support; the client falls back to 3.0. */
export const negotiateProtocolVersion = (minor: number, unsupported: readonly string[]): Buffer =>
  message('v', Buffer.concat([int32(minor), int32(unsupported.length), cstrings(...unsupported)]));

export type TransactionStatus = 'I' | 'T' | 'E';
