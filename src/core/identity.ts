/**
 * Identity names compare case-insensitively: they are mostly emails, and one person reached through
 * a token, the IdP and a chat profile must not count as two (nor approve their own request).
 */
export const identityKey = (name: string): string => name.toLowerCase();

/** Who is acting: an agent or a reviewer, as established by a token. */
export interface Identity {
  readonly name: string;
  readonly groups: readonly string[];
  /** How the identity was proven. */
  readonly source: 'token' | 'oidc';
  /** When the proof stops being valid; sessions end at the next statement boundary after it. */
  readonly expiresAt?: Date;
}

/** Resolves a presented secret (password, bearer token) to an identity, or explains why not. */
export interface Authenticator {
  authenticate(secret: string): Promise<AuthResult>;
}

/** What asking the IdP again about a token found: still valid, revoked, or no answer (keep going). */
export type RecheckResult = 'active' | 'revoked' | 'unknown';

export type AuthResult =
  | {
      readonly ok: true;
      readonly identity: Identity;
      /** For tokens the issuer can revoke before they expire (opaque tokens): asks it again. */
      readonly recheck?: () => Promise<RecheckResult>;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      /**
       * The secret is not one this source knows (as opposed to one it knows and refuses), so when
       * several sources are tried another one's reason says more.
       */
      readonly unrecognized?: boolean;
    };

/** A SCRAM-SHA-256 verifier (RFC 5802): checks a client's proof without knowing its token. */
export interface ScramVerifier {
  readonly salt: Buffer;
  readonly iterations: number;
  /** Constant-time check of a ClientProof over the exchange's AuthMessage. */
  verifyProof(authMessage: string, proof: Buffer): boolean;
  serverSignature(authMessage: string): Buffer;
}

/**
 * What a SCRAM login as some user name is checked against. For a name nobody holds, a mock verifier
 * with no identity, so the exchange looks the same and fails like a wrong token.
 */
export interface ScramCredential {
  readonly verifier: ScramVerifier;
  readonly identity: Identity | undefined;
}
