import type { Authenticator, Identity, RecheckResult, ScramCredential } from '../../core/identity.js';
import type { FrameSource } from './frame-source.js';
import type { Frame } from './wire/frontend-framer.js';
import { HandshakeRefused } from './handshake-refused.js';
import { SCRAM_SHA_256, scramServerFirst } from './scram-server.js';
import { SQLSTATE } from './sqlstate.js';
import { authenticationCleartext, authenticationSasl, authenticationSaslContinue, authenticationSaslFinal } from './wire/backend-messages.js';
import { cstringBody, decodeSaslInitialResponse } from './wire/frontend-messages.js';
import { ProtocolViolation } from './wire/protocol-error.js';

/** How the agent proved its token; recorded with the session. */
export type AuthMethod = 'scram-sha-256' | 'password';

export interface AgentAuthDeps {
  readonly authenticator: Authenticator;
  /** The SCRAM verifier for a startup user name, or undefined when that name logs in with a cleartext token. */
  scramCredential(user: string): ScramCredential | undefined;
  readonly timeoutMs: number;
}

export interface AgentChannel {
  readonly source: FrameSource;
  write(b: Buffer): void;
  /** TLS or loopback: a cleartext token may cross it. */
  readonly secure: boolean;
}

const SASL_OR_PASSWORD = 'p'.charCodeAt(0);
const INVALID_TOKEN = 'airlock: authentication failed: invalid token';

/**
 * Proves who the agent is. SCRAM-SHA-256 when the startup `user` has a verifier (the token never
 * crosses the wire, so no TLS is needed); otherwise the token as a cleartext password, which only
 * TLS or loopback may carry.
 */
export interface AgentLogin {
  readonly identity: Identity;
  readonly method: AuthMethod;
  /** Asks the token's issuer again, for tokens it can revoke (see AuthResult). */
  readonly recheck?: () => Promise<RecheckResult>;
}

export async function authenticateAgent(channel: AgentChannel, user: string | undefined, deps: AgentAuthDeps): Promise<AgentLogin> {
  const credential = user ? deps.scramCredential(user) : undefined;
  if (credential) return { identity: await scramLogin(channel, credential, deps.timeoutMs), method: 'scram-sha-256' };
  const { identity, recheck } = await passwordLogin(channel, user, deps);
  return { identity, method: 'password', ...(recheck && { recheck }) };
}

async function scramLogin(channel: AgentChannel, credential: ScramCredential, timeoutMs: number): Promise<Identity> {
  channel.write(authenticationSasl([SCRAM_SHA_256]));
  const initial = decodeSaslInitialResponse((await reply(channel, timeoutMs, 'a SASLInitialResponse')).body);
  if (initial.mechanism !== SCRAM_SHA_256) throw new ProtocolViolation('client selected an invalid SASL authentication mechanism');
  if (!initial.data) throw new ProtocolViolation('SASLInitialResponse carries no SCRAM message');
  const first = scramServerFirst(credential.verifier, initial.data.toString('utf8'));
  channel.write(authenticationSaslContinue(first.message));
  const serverFinal = first.final((await reply(channel, timeoutMs, 'a SASLResponse')).body.toString('utf8'));
  // A mock credential (unknown user) has no identity and a verifier no proof matches: same refusal.
  if (serverFinal === undefined || !credential.identity) throw new HandshakeRefused(SQLSTATE.invalidPassword, INVALID_TOKEN);
  channel.write(authenticationSaslFinal(serverFinal));
  return credential.identity;
}

async function passwordLogin(channel: AgentChannel, user: string | undefined, deps: AgentAuthDeps): Promise<Pick<AgentLogin, 'identity' | 'recheck'>> {
  if (!channel.secure) {
    throw new HandshakeRefused(SQLSTATE.invalidAuthorization, 'airlock: password authentication off loopback requires TLS (sslmode=require)');
  }
  channel.write(authenticationCleartext());
  const secret = cstringBody((await reply(channel, deps.timeoutMs, 'a password message')).body, 'PasswordMessage');
  const auth = await deps.authenticator.authenticate(secret);
  if (!auth.ok) throw new HandshakeRefused(SQLSTATE.invalidPassword, `airlock: authentication failed: ${auth.reason}`);
  if (user && user !== auth.identity.name) {
    throw new HandshakeRefused(
      SQLSTATE.invalidAuthorization,
      `airlock: user "${user}" does not match the token's identity "${auth.identity.name}"`,
      auth.identity,
    );
  }
  return auth;
}

async function reply(channel: AgentChannel, timeoutMs: number, what: string): Promise<Frame> {
  const frame = await channel.source.next(timeoutMs);
  if (frame.type !== SASL_OR_PASSWORD) throw new ProtocolViolation(`expected ${what}`);
  return frame;
}
