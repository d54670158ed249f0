import type { Socket } from 'node:net';
import { serialize } from 'pg-protocol';
import type { PostgresUpstreamConfig } from '../../../config/types.js';
import { md5PasswordResponse } from './md5-password.js';
import type { MessageReader } from './message-reader.js';
import { scramClientFinal, scramClientFirst, verifyScramServerFinal, type ScramClientFinal, type ScramClientFirst } from './scram-sha-256.js';
import {
  decodeAuthRequest,
  decodeBackendKeyData,
  decodeErrorFields,
  decodeParameterStatus,
  decodeReadyForQuery,
  type AuthRequest,
} from './startup-messages.js';
import { UpstreamError } from './upstream-error.js';

export interface LoginResult {
  readonly parameters: ReadonlyMap<string, string>;
  readonly backendKey: { readonly processId: number; readonly secretKey: number };
  readonly transactionStatus: 'I' | 'T' | 'E';
}

type Credentials = Pick<PostgresUpstreamConfig, 'user' | 'password'>;

const SCRAM = 'SCRAM-SHA-256';

/** The server's words, made safe to log: one line, bounded, and never echoing the password. */
export function loginRejection(fields: ReadonlyMap<string, string>, password: string | undefined): UpstreamError {
  let text = (fields.get('M') ?? 'no message').replace(/[\x00-\x1f\x7f]+/g, ' ').slice(0, 500);
  if (password) text = text.split(password).join('[redacted]');
  const code = fields.get('C');
  return new UpstreamError(`upstream rejected the gateway's login: ${text}${code ? ` (${code})` : ''}`, 'unavailable', code);
}

/**
 * Answers the server's authentication requests until AuthenticationOk. Once SCRAM has started,
 * the only acceptable way to AuthenticationOk is through a verified server signature, so a server
 * that does not know the password cannot pose as the upstream.
 */
class Authenticator {
  private scramFirst: ScramClientFirst | undefined;
  private scramFinal: ScramClientFinal | undefined;
  private scramVerified = false;

  constructor(
    private readonly socket: Socket,
    private readonly creds: Credentials,
    private readonly where: string,
  ) {}

  /** Returns true once authenticated. */
  async answer(req: AuthRequest): Promise<boolean> {
    const inScram = this.scramFirst !== undefined;
    switch (req.kind) {
      case 'ok':
        if (inScram && !this.scramVerified) throw this.fail('ended SCRAM authentication without proving it knows the password');
        return true;
      case 'cleartext':
        this.expect(!inScram, req.kind);
        this.socket.write(serialize.password(this.password()));
        return false;
      case 'md5':
        this.expect(!inScram, req.kind);
        this.socket.write(serialize.password(md5PasswordResponse(this.creds.user, this.password(), req.salt)));
        return false;
      case 'sasl':
        this.expect(!inScram, req.kind);
        if (!req.mechanisms.includes(SCRAM)) {
          throw this.fail(`offered only unsupported SASL mechanisms (${req.mechanisms.join(', ') || 'none'}); the gateway supports ${SCRAM}`);
        }
        this.scramFirst = scramClientFirst();
        this.socket.write(serialize.sendSASLInitialResponseMessage(SCRAM, this.scramFirst.message));
        return false;
      case 'sasl-continue':
        this.expect(this.scramFirst !== undefined && !this.scramFinal, req.kind);
        this.scramFinal = await scramClientFinal(this.scramFirst!, req.data, this.password());
        this.socket.write(serialize.sendSCRAMClientFinalMessage(this.scramFinal.message));
        return false;
      case 'sasl-final':
        this.expect(this.scramFinal !== undefined && !this.scramVerified, req.kind);
        verifyScramServerFinal(this.scramFinal!, req.data);
        this.scramVerified = true;
        return false;
      case 'unsupported':
        throw this.fail(`asked for ${req.method} authentication, which the gateway does not support`);
    }
  }

  private password(): string {
    if (this.creds.password === undefined) {
      throw this.fail(`asked for a password, but none is configured for user "${this.creds.user}"`);
    }
    return this.creds.password;
  }

  private expect(ok: boolean, step: string): void {
    if (!ok) throw new UpstreamError(`upstream ${this.where} sent an out-of-order authentication step (${step})`, 'protocol');
  }

  private fail(what: string): UpstreamError {
    return new UpstreamError(`upstream ${this.where} ${what}`, 'unavailable');
  }
}

/** Runs the startup exchange from StartupMessage to the first ReadyForQuery. */
export async function login(socket: Socket, reader: MessageReader, creds: Credentials, packet: Buffer, where: string): Promise<LoginResult> {
  const auth = new Authenticator(socket, creds, where);
  const parameters = new Map<string, string>();
  let backendKey: LoginResult['backendKey'] | undefined;
  let authenticated = false;
  const afterAuth = (type: string) => {
    if (!authenticated) throw new UpstreamError(`upstream ${where} sent ${JSON.stringify(type)} before authenticating the gateway`, 'protocol');
  };

  socket.write(packet);
  for (;;) {
    const { type, body } = await reader.next();
    try {
      switch (type) {
        case 'R':
          if (authenticated) throw new UpstreamError(`upstream ${where} sent a second authentication request`, 'protocol');
          authenticated = await auth.answer(decodeAuthRequest(body));
          break;
        case 'E':
          throw loginRejection(decodeErrorFields(body), creds.password);
        case 'N': // a notice during login (e.g. a deprecation) changes nothing
          decodeErrorFields(body);
          break;
        case 'v':
          // NegotiateProtocolVersion: we ask for plain 3.0 with no _pq_ options, so whatever the server
          // lists as unsupported is nothing we rely on and the session proceeds as 3.0.
          break;
        case 'S': {
          afterAuth(type);
          const { name, value } = decodeParameterStatus(body);
          parameters.set(name, value);
          break;
        }
        case 'K':
          afterAuth(type);
          backendKey = decodeBackendKeyData(body);
          break;
        case 'Z': {
          afterAuth(type);
          const transactionStatus = decodeReadyForQuery(body);
          if (!backendKey) throw new UpstreamError(`upstream ${where} sent no BackendKeyData, so its queries could not be cancelled`, 'protocol');
          return { parameters, backendKey, transactionStatus };
        }
        default:
          throw new UpstreamError(`upstream ${where} sent an unexpected ${JSON.stringify(type)} message during login`, 'protocol');
      }
    } catch (err) {
      if (err instanceof UpstreamError) throw err;
      // Decoder and SCRAM checks throw plain errors describing what the server got wrong.
      throw new UpstreamError(`upstream ${where}: ${(err as Error).message}`, 'protocol');
    }
  }
}
