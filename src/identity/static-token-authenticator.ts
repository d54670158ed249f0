import { randomBytes } from 'node:crypto';
import type { AuthResult, Authenticator, Identity, ScramCredential } from '../core/identity.js';
import type { StaticTokenConfig } from '../config/types.js';
import { configuredTokenHash, hashToken, isConfiguredAsHash } from './hash-token.js';
import { deriveScramVerifier, mockScramVerifier } from './scram-verifier.js';

/**
 * Bearer tokens from the config file. Only SHA-256 hashes and SCRAM verifiers are held, so a heap
 * dump or a stray `inspect` cannot leak a token.
 *
 * Lookup is a Map keyed by the hash of the presented secret. Any timing difference in that lookup
 * depends on the hash, not on the secret, and an attacker cannot steer a hash's bytes towards a
 * stored one without a preimage, so timing reveals nothing usable about a valid token.
 */
export class StaticTokenAuthenticator implements Authenticator {
  readonly #identities = new Map<string, Identity>();
  /** By identity name; undefined for tokens configured as sha256:, from which no verifier can be derived. */
  readonly #scram = new Map<string, ScramCredential | undefined>();
  /** Seeds the mock salts of unknown user names. */
  readonly #mockSecret = randomBytes(32);

  /**
   * `openNames`: another source (OIDC) holds identities under names not listed here, so an unknown
   * name gets no mock verifier and logs in with a cleartext token. Which names are static then shows
   * (they are offered SCRAM), but an open set of names has nothing to hide by mocking.
   */
  constructor(
    tokens: readonly StaticTokenConfig[],
    private readonly opts: { readonly openNames?: boolean } = {},
  ) {
    for (const { name, token, groups } of tokens) {
      let hash: string;
      try {
        hash = configuredTokenHash(token);
      } catch (err) {
        throw new Error(`token for "${name}": ${(err as Error).message}`);
      }
      const clash = this.#identities.get(hash);
      // Two identities sharing a token would make the identity depend on config order: refuse.
      if (clash) throw new Error(`tokens for "${clash.name}" and "${name}" are the same; each identity needs its own token`);
      // SCRAM picks the verifier by name, so a name must mean one token (the config loader checks this too).
      if (this.#scram.has(name)) throw new Error(`identity "${name}" is configured twice`);
      const identity: Identity = Object.freeze({ name, groups: Object.freeze([...groups]), source: 'token' as const });
      this.#identities.set(hash, identity);
      this.#scram.set(name, isConfiguredAsHash(token) ? undefined : Object.freeze({ verifier: deriveScramVerifier(token), identity }));
    }
  }

  async authenticate(secret: string): Promise<AuthResult> {
    const identity = secret === '' ? undefined : this.#identities.get(hashToken(secret));
    return identity ? { ok: true, identity } : { ok: false, reason: 'invalid token', unrecognized: true };
  }

  /**
   * What a SCRAM login as `user` is checked against: the identity's verifier; a mock one for names
   * no token carries, so probing names learns nothing; undefined for identities whose token is
   * configured as a hash, which can only log in with the token itself (cleartext), and for unknown
   * names when names are open.
   */
  scramCredential(user: string): ScramCredential | undefined {
    if (this.#scram.has(user)) return this.#scram.get(user);
    if (this.opts.openNames) return undefined;
    return { verifier: mockScramVerifier(this.#mockSecret, user), identity: undefined };
  }
}
