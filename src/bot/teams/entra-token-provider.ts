import { ConfidentialClientApplication } from '@azure/msal-node';
import type { AuthConfiguration, AuthProvider, Connections } from '@microsoft/agents-hosting';

/** What the bot needs to get its own tokens from Entra (client credentials). */
export interface EntraApp {
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
  /** e.g. https://login.microsoftonline.com; the tenant is appended. */
  readonly authority: string;
}

const unsupported = (what: string) => () => Promise.reject(new Error(`Airlock's Teams bot does not use ${what}`));

/**
 * The bot's outbound tokens (for the Bot Connector), from MSAL's client-credentials flow with its own
 * token cache. The SDK's provider pins MSAL to Microsoft's authority hosts; naming the configured
 * authority as known lets a sovereign cloud or a test stand-in serve the tokens through the same code.
 */
export function entraTokenProvider(app: EntraApp): AuthProvider {
  const authority = `${app.authority.replace(/\/+$/, '')}/${app.tenantId}`;
  const msal = new ConfidentialClientApplication({
    auth: { clientId: app.appId, clientSecret: app.appPassword, authority, knownAuthorities: [new URL(authority).host] },
  });
  const getAccessToken = async (configOrScope: AuthConfiguration | string, scope?: string): Promise<string> => {
    const resource = typeof configOrScope === 'string' ? configOrScope : (scope ?? '');
    const result = await msal.acquireTokenByClientCredential({ scopes: [`${resource.replace(/\/+$/, '')}/.default`] });
    if (!result?.accessToken) throw new Error('Entra answered without an access token');
    return result.accessToken;
  };
  return {
    getAccessToken,
    getAgenticApplicationToken: unsupported('agentic application tokens'),
    getAgenticInstanceToken: unsupported('agentic instance tokens'),
    getAgenticUserToken: unsupported('agentic user tokens'),
    acquireTokenOnBehalfOf: unsupported('on-behalf-of tokens'),
  };
}

/** The adapter's connection manager, reduced to the one connection the bot has. */
export function singleConnection(config: AuthConfiguration, provider: AuthProvider): Connections {
  return {
    getConnection: () => provider,
    getDefaultConnection: () => provider,
    getTokenProvider: () => provider,
    getTokenProviderFromActivity: () => provider,
    getDefaultConnectionConfiguration: () => config,
  };
}
