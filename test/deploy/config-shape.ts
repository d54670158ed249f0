/**
 * The config keys the gateway understands: CONTRACT.md's example file plus the fields of
 * src/config/types.ts (listener/http `host`, `sslmode`, `audit.readers`, …). Deployment configs
 * may use nothing else, so a typo or an invented key fails here rather than at `airlock start`.
 */
export type Shape = 'leaf' | { readonly [key: string]: Shape } | readonly [Shape];

/** A map keyed by user-chosen names (policies, masking profiles). */
const ANY_NAME = '*';

const tls: Shape = { cert: 'leaf', key: 'leaf' };

export const configShape: Shape = {
  gateway: { id: 'leaf', http: { port: 'leaf', host: 'leaf' } },
  redis: { url: 'leaf' },
  audit: { database: 'leaf', spool: 'leaf', readers: 'leaf' },
  identity: {
    oidc: { issuer: 'leaf', audience: 'leaf', groupsClaim: 'leaf' },
    tokens: [{ name: 'leaf', token: 'leaf', groups: 'leaf' }],
  },
  listeners: {
    postgres: { port: 'leaf', host: 'leaf', tls },
    ssh: { port: 'leaf', host: 'leaf', hostKey: 'leaf' },
    kubernetes: { port: 'leaf', host: 'leaf', tls },
  },
  connections: [
    {
      name: 'leaf',
      type: 'leaf',
      policy: 'leaf',
      reviewers: 'leaf',
      mask: 'leaf',
      // The union of the postgres, ssh and kubernetes upstream fields.
      upstream: Object.fromEntries(
        ['host', 'port', 'database', 'user', 'password', 'sslmode', 'caCert', 'privateKey', 'server', 'token'].map((k) => [k, 'leaf']),
      ),
    },
  ],
  policies: {
    [ANY_NAME]: {
      preset: 'leaf',
      rules: [
        {
          name: 'leaf',
          action: 'leaf',
          reason: 'leaf',
          match: Object.fromEntries(['kinds', 'tables', 'functions', 'groups', 'identities', 'connections'].map((k) => [k, 'leaf'])),
        },
      ],
      approvals: { timeout: 'leaf', remindAfter: 'leaf', quorum: 'leaf', fatigueWindow: 'leaf' },
    },
  },
  masking: { [ANY_NAME]: { columns: 'leaf', detectors: 'leaf' } },
  channels: {
    console: {},
    slack: Object.fromEntries(
      ['botToken', 'signingSecret', 'appToken', 'approvals', 'oncall', 'audit', 'digest', 'apiUrl'].map((k) => [k, 'leaf']),
    ),
    teams: Object.fromEntries(['appId', 'appPassword', 'tenantId', 'approvals', 'serviceUrl'].map((k) => [k, 'leaf'])),
  },
};

/** Dotted paths of every key in `value` that `shape` does not define. */
export function unknownKeys(value: unknown, shape: Shape = configShape, path = ''): string[] {
  if (shape === 'leaf' || value === null || typeof value !== 'object') return [];
  if (Array.isArray(shape)) {
    return Array.isArray(value) ? value.flatMap((item, i) => unknownKeys(item, shape[0], `${path}[${i}]`)) : [];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const sub = (shape as Record<string, Shape>)[key] ?? (shape as Record<string, Shape>)[ANY_NAME];
    const at = path ? `${path}.${key}` : key;
    return sub === undefined ? [at] : unknownKeys(child, sub, at);
  });
}
