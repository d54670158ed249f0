/** An error whose message is safe to show to the agent as-is. */
export class GatewayError extends Error {
  constructor(
    message: string,
    /** Protocol-neutral category; each adapter maps it to its own wire code (SQLSTATE, exit status, HTTP status). */
    readonly category:
      | 'auth'
      | 'unknown-connection'
      | 'denied'
      | 'needs-approval'
      | 'timeout'
      | 'protocol'
      | 'unavailable'
      | 'internal',
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}
