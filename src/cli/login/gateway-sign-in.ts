import { gatewayClient } from '../gateway-client.js';

interface Whoami {
  readonly name: string;
  readonly groups: readonly string[];
  readonly reviewerUntil?: string;
}

/**
 * Shows a person's fresh token to the gateway at AIRLOCK_URL (`GET /api/whoami`), which remembers
 * the IdP identity so their chat clicks map to it. Returns the line to tell them; never throws, as
 * the token is good for psql whether or not the review API is reachable from here.
 */
export async function signInToGateway(env: NodeJS.ProcessEnv, accessToken: string): Promise<string> {
  try {
    const who = (await (await gatewayClient({ ...env, AIRLOCK_TOKEN: accessToken }).get('/api/whoami')).json()) as Whoami;
    const groups = who.groups.length > 0 ? who.groups.join(', ') : 'none';
    const chat = who.reviewerUntil ? `; chat reviews recognise you until ${who.reviewerUntil}` : '';
    return `The gateway knows you as ${who.name} (groups: ${groups})${chat}\n`;
  } catch (err) {
    return `Not signed in to the gateway's review API (${(err as Error).message}); chat reviews recognise you after your next airlock review command\n`;
  }
}
