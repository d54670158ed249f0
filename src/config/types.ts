import type { DetectorName, MaskStyle } from '../masking/types.js';

/** Defaults the schema fills in, for parts that also take configs built in code (tests, embedding). */
export const DEFAULT_RECORD_BYTES = 64 * 1024;
export const DEFAULT_TOKEN_RECHECK_MS = 60_000;
/** How long a reviewer's last IdP sign-in lets chat clicks map to it (see OidcConfig.reviewerTtl). */
export const DEFAULT_REVIEWER_TTL_MS = 12 * 60 * 60_000;

/**
 * The validated configuration, as the rest of the gateway consumes it. The YAML file (see CONTRACT.md)
 * is parsed, substituted and validated into this shape by `loadConfig`; durations are already in
 * milliseconds and defaults are filled in.
 */
export interface AirlockConfig {
  readonly gateway: { readonly id: string; readonly http: { readonly port: number; readonly host: string } };
  /** `prefix` names every key and queue, so deployments sharing a Redis never see each other's work. */
  readonly redis: { readonly url: string; readonly prefix: string };
  readonly audit: AuditConfig;
  readonly identity: IdentityConfig;
  readonly listeners: ListenersConfig;
  readonly connections: readonly ConnectionConfig[];
  readonly policies: Readonly<Record<string, PolicyConfig>>;
  readonly masking: Readonly<Record<string, MaskingConfig>>;
  readonly channels: ChannelsConfig;
}

export interface AuditConfig {
  /** postgres://… or embedded:PATH (PGlite). */
  readonly database: string;
  readonly spool: string;
  /**
   * When an event counts as durable: `database` (default) — committed to the audit database, or
   * fsync'd to the spool while the database is unreachable; `spool` — always fsync'd to the local
   * spool first and shipped to the database in order in the background (faster; the spool must sit
   * on storage that outlives the process, e.g. a persistent volume).
   */
  readonly durability?: 'database' | 'spool';
  /** When the daily digest goes to the digest channels: a time of day in a time zone. Off when absent. */
  readonly digest?: { readonly at: string; readonly timeZone: string };
  /** Identity groups allowed to read the trail through the HTTP API (export, verify). Default [admins, auditors]. */
  readonly readers: readonly string[];
  /** How long events are kept (ms); older ones are pruned behind a checkpoint. Kept forever when absent. */
  readonly retention?: number;
}

export interface StaticTokenConfig {
  readonly name: string;
  /** Either the token itself or "sha256:<hex>"; only the hash is kept in memory. */
  readonly token: string;
  readonly groups: readonly string[];
}

/** Someone who reviews from chat (found there by email) without a token of their own. */
export interface PersonConfig {
  /** The identity; for chat reviewers, the email their Slack or Teams profile shows. */
  readonly name: string;
  readonly groups: readonly string[];
}

export interface IdentityConfig {
  readonly tokens: readonly StaticTokenConfig[];
  readonly people: readonly PersonConfig[];
  readonly oidc?: OidcConfig;
}

/** An OpenID Connect identity provider whose access tokens the gateway accepts. */
export interface OidcConfig {
  readonly issuer: string;
  /** Tokens must name this in `aud`. */
  readonly audience: string;
  /** The claim holding the identity's groups. */
  readonly groupsClaim: string;
  /** The gateway's client at the IdP, for introspecting opaque tokens; without it only JWTs are accepted. */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** How often (ms) a running session's opaque token is introspected again, so a revocation ends it. Default 60 s. */
  readonly recheckEvery?: number;
  /**
   * How long (ms) after a reviewer's last sign-in to the review API with an IdP token their chat clicks
   * still map to that identity and its groups. Default 12 h.
   */
  readonly reviewerTtl?: number;
}

export interface TlsConfig {
  /** PEM contents (use ${file:…} in YAML to read them from files). */
  readonly cert: string;
  readonly key: string;
}

export interface ListenersConfig {
  readonly postgres?: { readonly port: number; readonly host: string; readonly tls?: TlsConfig };
  readonly ssh?: { readonly port: number; readonly host: string; readonly hostKey: string };
  readonly kubernetes?: { readonly port: number; readonly host: string; readonly tls?: TlsConfig };
}

/** How the gateway authenticates itself to the upstream PostgreSQL (never shown to the agent). */
export interface PostgresUpstreamConfig {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password?: string;
  /** disable | prefer | require | verify-full, as libpq's sslmode. Default prefer. */
  readonly sslmode: 'disable' | 'prefer' | 'require' | 'verify-full';
  /** PEM CA for verify-full. */
  readonly caCert?: string;
}

export interface ConnectionConfigBase {
  readonly name: string;
  readonly policy: string;
  /** Identity groups whose members may decide this connection's requests. */
  readonly reviewers: readonly string[];
  /** Identities (by name, compared case-insensitively) who may decide whatever their groups. */
  readonly reviewerMembers?: readonly string[];
  readonly mask?: string;
  /** Result rows kept in the audit trail for replay: none (default), all, or the first N of each statement. */
  readonly recordRows?: 'off' | 'all' | number;
  /** Cap on the recorded result of one statement, in bytes (default 64 KiB). */
  readonly recordBytes?: number;
}

export interface PostgresConnectionConfig extends ConnectionConfigBase {
  readonly type: 'postgres';
  readonly upstream: PostgresUpstreamConfig;
}

export interface SshConnectionConfig extends ConnectionConfigBase {
  readonly type: 'ssh';
  readonly upstream: { readonly host: string; readonly port: number; readonly user: string; readonly privateKey?: string; readonly password?: string };
}

export interface KubernetesConnectionConfig extends ConnectionConfigBase {
  readonly type: 'kubernetes';
  readonly upstream: { readonly server: string; readonly token?: string; readonly caCert?: string };
}

export type ConnectionConfig = PostgresConnectionConfig | SshConnectionConfig | KubernetesConnectionConfig;

export type RuleAction = 'allow' | 'review' | 'deny';

/** Every listed field must match (a statement matches a list when any entry matches); omitted fields match anything. */
export interface RuleMatch {
  /** Statement kinds as the classifier names them: select, insert, update, delete, merge, copy, ddl, … */
  readonly kinds?: readonly string[];
  /** Table names; "payments", "public.payments" or globs like "audit.*". */
  readonly tables?: readonly string[];
  readonly functions?: readonly string[];
  /** Identity groups of the agent. */
  readonly groups?: readonly string[];
  readonly identities?: readonly string[];
  readonly connections?: readonly string[];
}

export interface PolicyRule {
  readonly name?: string;
  readonly match: RuleMatch;
  readonly action: RuleAction;
  /** Shown to the agent and reviewers when this rule decides. */
  readonly reason?: string;
}

export interface ApprovalSettings {
  readonly timeoutMs: number;
  readonly remindAfterMs?: number;
  readonly quorum: number;
  /** When set, a reviewer may approve a statement shape for the session for up to this long. */
  readonly fatigueWindowMs?: number;
}

export interface PolicyConfig {
  /** Built-in classification: "postgres" (SQL), later "shell" and "kubernetes". */
  readonly preset: string;
  readonly rules: readonly PolicyRule[];
  readonly approvals: ApprovalSettings;
}

/** A masking set, as `connections[].mask` names it; entries carry their style (the set's default filled in). */
export interface MaskingConfig {
  /** `table.column` or `schema.table.column`, `*` matching any one name. */
  readonly columns: readonly { readonly pattern: string; readonly style: MaskStyle }[];
  readonly detectors: readonly { readonly name: DetectorName; readonly style: MaskStyle }[];
  /** Secret key for pseudonym tokens. */
  readonly key?: string;
}

export interface SlackChannelConfig {
  readonly botToken: string;
  /** HTTP mode: Slack posts to `POST /slack/events`, signed with this secret. */
  readonly signingSecret?: string;
  /** Socket Mode (xapp-…): the gateway dials out to Slack, so no public URL is needed. */
  readonly appToken?: string;
  /** Channel (id or #name) the approval cards go to. */
  readonly approvals: string;
  /** Mention raised in the card's thread when a request expires, e.g. `<!subteam^S123>` or `<@U123>`. */
  readonly oncall?: string;
  /** Channel for per-session audit summaries. */
  readonly audit?: string;
  /** Channel for the daily digest. */
  readonly digest?: string;
  /** Web API base URL; tests point it at a local stand-in. */
  readonly apiUrl?: string;
}

export interface TeamsChannelConfig {
  /** The bot's Entra app registration: id, client secret and home tenant. */
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
  /** Conversation id of the approvals channel (19:…@thread.tacv2). */
  readonly approvals: string;
  /** Conversation ids for per-session audit summaries and the daily digest. */
  readonly audit?: string;
  readonly digest?: string;
  /** Mentioned when a request expires: a person by AAD object id, or a tag by tag id. */
  readonly oncall?: { readonly id: string; readonly name: string; readonly type: 'person' | 'tag' };
  /** Bot Connector base URL; tests point it at a local stand-in. */
  readonly serviceUrl: string;
  /** Entra authority for the bot's tokens and the JWKS that signs Teams' requests; tests point it at a stand-in. */
  readonly authority: string;
}

export interface ChannelsConfig {
  readonly console: Readonly<Record<string, never>>;
  readonly slack?: SlackChannelConfig;
  readonly teams?: TeamsChannelConfig;
}
