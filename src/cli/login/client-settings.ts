import { decodeJwt } from 'jose';
import { identityFromClaims } from '../../identity/oidc-claims.js';

export interface GatewayAddress {
  readonly host: string;
  readonly port: number;
  /** The configured connection, which psql calls dbname. */
  readonly connection: string;
}

/** The name the gateway will give this token (email, preferred_username, sub), when it is a JWT the CLI can read. */
export function tokenIdentity(accessToken: string): string | undefined {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(accessToken);
  } catch {
    return undefined; // opaque: only the IdP (by introspection) knows whose it is
  }
  // Groups do not matter here, only the name.
  const result = identityFromClaims(claims, 'groups');
  return result.ok ? result.identity.name : undefined;
}

const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
// libpq conninfo values with spaces or quotes must be single-quoted, with \ and ' escaped.
const conninfoValue = (s: string) => (/^[^\s'\\]+$/.test(s) ? s : `'${s.replace(/['\\]/g, '\\$&')}'`);

/** Ready-to-paste shell lines: the token as PGPASSWORD, then psql pointed at the gateway. */
export function clientSettings(accessToken: string, identity: string | undefined, gateway: GatewayAddress): string {
  const conninfo = [`host=${conninfoValue(gateway.host)}`, `port=${gateway.port}`, `dbname=${conninfoValue(gateway.connection)}`, ...(identity ? [`user=${conninfoValue(identity)}`] : [])];
  return `export PGPASSWORD=${shellQuote(accessToken)}\npsql ${shellQuote(conninfo.join(' '))}\n`;
}
