import {
  allowInsecureRequests, clientCredentialsGrant, ClientSecretBasic, discovery, initiateDeviceAuthorization, None,
  pollDeviceAuthorizationGrant, refreshTokenGrant, ResponseBodyError,
  type Configuration, type DeviceAuthorizationResponse, type TokenEndpointResponse,
} from 'openid-client';
import { CliError } from '../cli-error.js';
import type { StoredTokens } from './token-store.js';

/** Who logs in where, and for what. */
export interface LoginTarget {
  readonly issuer: string;
  readonly clientId: string;
  /** Set for the client-credentials grant; the device flow uses a public client. */
  readonly clientSecret?: string;
  readonly scope: string;
  /** RFC 8707 resource indicator: some IdPs only issue JWT access tokens for a named API. */
  readonly resource?: string;
}

const TIMEOUT_S = 10;

export async function discover(target: LoginTarget): Promise<Configuration> {
  const issuer = new URL(target.issuer);
  // openid-client refuses http:// unless told; allowed only when the issuer itself is http:// (a development IdP).
  const execute = issuer.protocol === 'http:' ? [allowInsecureRequests] : [];
  const auth = target.clientSecret === undefined ? None() : ClientSecretBasic(target.clientSecret);
  try {
    return await discovery(issuer, target.clientId, undefined, auth, { execute, timeout: TIMEOUT_S });
  } catch (err) {
    throw new CliError(`cannot discover ${target.issuer}: ${(err as Error).message}`);
  }
}

/** The request parameters every grant shares: scope and resource, when set. */
function parameters(target: LoginTarget): Record<string, string> {
  return { ...(target.scope ? { scope: target.scope } : {}), ...(target.resource ? { resource: target.resource } : {}) };
}

function stored(response: TokenEndpointResponse, previousRefresh?: string): StoredTokens {
  // IdPs that do not rotate refresh tokens answer a refresh without one: the old one stays valid.
  const refreshToken = response.refresh_token ?? previousRefresh;
  return {
    accessToken: response.access_token,
    ...(refreshToken ? { refreshToken } : {}),
    ...(response.expires_in !== undefined ? { expiresAt: Math.floor(Date.now() / 1000) + response.expires_in } : {}),
  };
}

/** A grant's failure as one line naming the IdP's error code, exit 2. */
function grantError(what: string, err: unknown): CliError {
  if (err instanceof ResponseBodyError) return new CliError(`${what} refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`);
  return new CliError(`${what} failed: ${(err as Error).message}`);
}

export async function clientCredentials(config: Configuration, target: LoginTarget): Promise<StoredTokens> {
  try {
    return stored(await clientCredentialsGrant(config, parameters(target)));
  } catch (err) {
    throw grantError('client credentials grant', err);
  }
}

export async function refresh(config: Configuration, target: LoginTarget, refreshToken: string): Promise<StoredTokens> {
  return stored(await refreshTokenGrant(config, refreshToken, target.resource ? { resource: target.resource } : {}), refreshToken);
}

/**
 * RFC 8628: shows the user where to go, then polls (openid-client honours `interval` and
 * `slow_down`) until they approve, deny, or the code expires.
 */
export async function deviceLogin(config: Configuration, target: LoginTarget, show: (r: DeviceAuthorizationResponse) => void): Promise<StoredTokens> {
  let started: DeviceAuthorizationResponse;
  try {
    started = await initiateDeviceAuthorization(config, parameters(target));
  } catch (err) {
    throw grantError('device authorization', err);
  }
  show(started);
  const expiry = AbortSignal.timeout(started.expires_in * 1000);
  try {
    return stored(await pollDeviceAuthorizationGrant(config, started, target.resource ? { resource: target.resource } : {}, { signal: expiry }));
  } catch (err) {
    if (expiry.aborted || (err instanceof ResponseBodyError && err.error === 'expired_token')) throw new CliError('the code expired before it was confirmed; run airlock login again');
    if (err instanceof ResponseBodyError && err.error === 'access_denied') throw new CliError('the login was denied at the identity provider');
    throw grantError('device login', err);
  }
}
