import { isAbsolute, resolve } from 'node:path';
import * as z from 'zod';
import { DETECTOR_NAMES } from '../masking/types.js';
import { DEFAULT_RECORD_BYTES, DEFAULT_REVIEWER_TTL_MS, DEFAULT_TOKEN_RECHECK_MS, type AirlockConfig } from './types.js';
import { duration, names, port, positiveInt, strictObject, text, urlWithScheme } from './schema-parts.js';

/** What defaults depend on; passed in so the schema stays a pure function of its inputs. */
export interface SchemaContext {
  readonly env: NodeJS.ProcessEnv;
  /** Relative paths in the file resolve against the config file's directory, not the working directory. */
  readonly baseDir: string;
  readonly hostname: string;
}

/** Listeners bind every interface by default: agents connect from other hosts and containers (docker, k8s). */
const DEFAULT_HOST = '0.0.0.0';

const EMBEDDED = 'embedded:';

const tls = strictObject({ cert: text, key: text });

const policySchema = strictObject({
  preset: z.enum(['postgres', 'shell', 'kubernetes']).default('postgres'),
  rules: z
    .array(
      strictObject({
        name: text.optional(),
        match: strictObject({
          kinds: names.optional(),
          tables: names.optional(),
          functions: names.optional(),
          groups: names.optional(),
          identities: names.optional(),
          connections: names.optional(),
        }),
        action: z.enum(['allow', 'review', 'deny']),
        reason: text.optional(),
      }),
    )
    .default([]),
  approvals: strictObject({
    timeout: duration.default(5 * 60_000),
    remindAfter: duration.optional(),
    quorum: positiveInt.default(1),
    fatigue: duration.optional(),
  })
    .prefault({})
    .transform(({ timeout, remindAfter, quorum, fatigue }) => ({
      timeoutMs: timeout,
      quorum,
      ...(remindAfter === undefined ? {} : { remindAfterMs: remindAfter }),
      ...(fatigue === undefined ? {} : { fatigueWindowMs: fatigue }),
    })),
});

/**
 * Who may decide a connection's requests: a bare name is a group (the contract), `{ member: NAME }`
 * one identity. Bare names are read as `{ group: NAME }`, so errors name the field.
 */
const reviewerEntry = z.preprocess(
  (v) => (v !== null && typeof v === 'object' ? v : { group: v }),
  strictObject({ group: text.optional(), member: text.optional() }).refine((e) => (e.group === undefined) !== (e.member === undefined), {
    error: 'expected a group name or { member: NAME }',
    when: (payload) => payload.issues.length === 0, // an unknown key already says what is wrong
  }),
);
const reviewersSchema = z
  .array(reviewerEntry)
  .min(1, { error: 'must not be empty (expected at least one reviewer group or { member: NAME })' })
  .transform((entries) => ({
    groups: entries.flatMap((e) => (e.group === undefined ? [] : [e.group])),
    members: entries.flatMap((e) => (e.member === undefined ? [] : [e.member])),
  }));

const connectionBase = {
  name: text,
  policy: text,
  reviewers: reviewersSchema,
  mask: text.optional(),
  /** Result rows kept in the audit trail for replay, as the agent saw them (masked). */
  recordRows: z
    .union([z.enum(['off', 'all']), positiveInt])
    .default('off'),
  /** Cap on the recorded result of one statement; the rest is counted, not kept. */
  recordBytes: positiveInt.default(DEFAULT_RECORD_BYTES),
};

const connectionSchema = z.discriminatedUnion('type', [
  strictObject({
    ...connectionBase,
    type: z.literal('postgres'),
    upstream: strictObject({
      host: text,
      port: port.default(5432),
      database: text,
      user: text,
      password: z.string().optional(),
      sslmode: z.enum(['disable', 'prefer', 'require', 'verify-full']).default('prefer'),
      caCert: text.optional(),
    }),
  }),
  strictObject({
    ...connectionBase,
    type: z.literal('ssh'),
    upstream: strictObject({
      host: text,
      port: port.default(22),
      user: text,
      privateKey: text.optional(),
      password: z.string().optional(),
    }),
  }),
  strictObject({
    ...connectionBase,
    type: z.literal('kubernetes'),
    upstream: strictObject({
      server: urlWithScheme(['https', 'http']),
      token: text.optional(),
      caCert: text.optional(),
    }),
  }),
]).transform(({ reviewers, ...connection }) => ({
  ...connection,
  reviewers: reviewers.groups,
  ...(reviewers.members.length > 0 && { reviewerMembers: reviewers.members }),
}));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const maskStyle = z.enum(['redact', 'partial', 'pseudonym']);
/** `*.password`, `users.email`, `billing.cards.number`: two or three dot-separated parts, `*` globs. */
const columnPattern = text.refine((p) => /^[^.\s]+(\.[^.\s]+){1,2}$/.test(p), { error: 'expected table.column or schema.table.column (* matches any name)' });
/** A masking entry: a bare name, or `{ <key>: name, style }`; bare names are read as the long form, so errors name the field. */
function maskEntry<K extends string, T extends z.ZodType<string>>(key: K, name: T) {
  const long = strictObject({ [key]: name, style: maskStyle.optional() } as Record<K, T> & { style: z.ZodOptional<typeof maskStyle> });
  return z.preprocess((v) => (typeof v === 'string' ? { [key]: v } : v), long);
}

const maskingSchema = strictObject({
  /** The style for entries that name none. */
  style: maskStyle.default('redact'),
  /** Secret key for pseudonyms; without one, a random key per process (tokens then change on restart). */
  key: text.optional(),
  columns: z.array(maskEntry('column', columnPattern)).default([]),
  detectors: z.array(maskEntry('detector', z.enum(DETECTOR_NAMES))).default([]),
}).transform(({ style, key, columns, detectors }) => ({
  columns: columns.map((c) => ({ pattern: c.column, style: c.style ?? style })),
  detectors: detectors.map((d) => ({ name: d.detector, style: d.style ?? style })),
  ...(key !== undefined && { key }),
}));

const slackSchema = strictObject({
  botToken: text,
  signingSecret: text.optional(),
  appToken: text.refine((t) => t.startsWith('xapp-'), { error: 'expected an app-level token starting with xapp-' }).optional(),
  approvals: text,
  oncall: text.optional(),
  audit: text.optional(),
  digest: text.optional(),
  apiUrl: urlWithScheme(['https', 'http']).optional(),
}).refine((s) => s.signingSecret !== undefined || s.appToken !== undefined, {
  error: 'needs signingSecret (HTTP mode, POST /slack/events) or appToken (Socket Mode)',
});

/** Teams conversation ids look like `19:…@thread.tacv2`; anything else is a paste error worth naming early. */
const conversationId = text.refine((c) => /^(19|a):\S+$/.test(c), { error: 'expected a Teams conversation id such as 19:abc…@thread.tacv2' });

const teamsSchema = strictObject({
  appId: text,
  appPassword: text,
  tenantId: text,
  approvals: conversationId,
  audit: conversationId.optional(),
  digest: conversationId.optional(),
  /** Mentioned in the channel when a request expires: a person (AAD object id) or a tag (tag id). */
  oncall: strictObject({ id: text, name: text, type: z.enum(['person', 'tag']).default('person') }).optional(),
  serviceUrl: urlWithScheme(['https', 'http']).default('https://smba.trafficmanager.net/teams/'),
  authority: urlWithScheme(['https']).default('https://login.microsoftonline.com'),
});

/** The whole file; the output is exactly what the gateway consumes. */
export function configSchema(ctx: SchemaContext): z.ZodType<AirlockConfig, unknown> {
  const envOr = (name: string, fallback: string) => ctx.env[name] || fallback;
  const path = (p: string) => (isAbsolute(p) ? p : resolve(ctx.baseDir, p));
  const listener = <Shape extends z.core.$ZodLooseShape>(shape: Shape) =>
    strictObject({ port, host: text.default(DEFAULT_HOST), ...shape }).optional();

  return strictObject({
    gateway: strictObject({
      id: text.default(envOr('AIRLOCK_GATEWAY_ID', ctx.hostname)),
      http: strictObject({ port: port.default(8080), host: text.default(DEFAULT_HOST) }).prefault({}),
    }).prefault({}),
    redis: strictObject({
      url: urlWithScheme(['redis', 'rediss']).default(envOr('REDIS_URL', 'redis://127.0.0.1:6379')),
      /** Every key and queue under this name, so several deployments can share one Redis. */
      prefix: text.refine((p) => /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(p), { error: 'expected letters, digits, _ and -' }).default('airlock'),
    }).prefault({}),
    audit: strictObject({
      database: z
        .string()
        .default(envOr('DATABASE_URL', `${EMBEDDED}./.airlock/audit`))
        .refine((db) => /^postgres(ql)?:\/\/\S+$/.test(db) || (db.startsWith(EMBEDDED) && db.length > EMBEDDED.length), {
          error: 'expected a postgres://… or postgresql://… URL, or embedded:PATH',
        })
        .transform((db) => (db.startsWith(EMBEDDED) ? EMBEDDED + path(db.slice(EMBEDDED.length)) : db)),
      spool: text.default('./.airlock/spool').transform(path),
      durability: z.enum(['database', 'spool']).default('database'),
      digest: strictObject({
        at: text.refine((t) => /^([01]\d|2[0-3]):[0-5]\d$/.test(t), { error: 'expected a time of day as HH:MM, e.g. 08:00' }),
        timeZone: text.refine(isTimeZone, { error: 'expected an IANA time zone such as UTC or Europe/Berlin' }).default('UTC'),
      }).optional(),
      readers: names.default(['admins', 'auditors']),
      retention: duration.optional(),
    }).prefault({}),
    identity: strictObject({
      oidc: strictObject({
        issuer: urlWithScheme(['https', 'http']),
        audience: text,
        groupsClaim: text.default('groups'),
        clientId: text.optional(),
        clientSecret: text.optional(),
        recheckEvery: duration.default(DEFAULT_TOKEN_RECHECK_MS),
        reviewerTtl: duration.default(DEFAULT_REVIEWER_TTL_MS),
      })
        .refine((o) => (o.clientId === undefined) === (o.clientSecret === undefined), {
          error: 'clientId and clientSecret go together: they authenticate the gateway for token introspection',
        })
        .optional(),
      tokens: z
        .array(
          strictObject({
            name: text,
            token: text.refine((t) => !t.startsWith('sha256:') || /^sha256:[0-9a-fA-F]{64}$/.test(t), {
              error: 'a sha256: token must be followed by 64 hex digits',
            }),
            groups: names.default([]),
          }),
        )
        .default([]),
      people: z.array(strictObject({ name: text, groups: names.default([]) })).default([]),
    }).prefault({}),
    listeners: strictObject({
      postgres: listener({ tls: tls.optional() }),
      ssh: listener({ hostKey: text.transform(path) }),
      kubernetes: listener({ tls: tls.optional() }),
    }).prefault({}),
    connections: z.array(connectionSchema).default([]),
    policies: z.record(z.string(), policySchema).default({}),
    masking: z.record(z.string(), maskingSchema).default({}),
    channels: strictObject({
      console: strictObject({}).default({}),
      slack: slackSchema.optional(),
      teams: teamsSchema.optional(),
    }).prefault({}),
  });
}
