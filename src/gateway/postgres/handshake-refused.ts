import type { Identity } from '../../core/identity.js';

/** A startup that ends with a FATAL to the agent; `reason` is safe to show and to audit. */
export class HandshakeRefused extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    /** Set once the identity is known, for the audit trail. */
    readonly identity?: Identity,
  ) {
    super(reason);
  }
}
