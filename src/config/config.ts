import ipaddr from 'ipaddr.js';
import { IANAZone } from 'luxon';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting the service reads, keyed by its environment variable.
 * The README's configuration table lists the same keys, defaults and docs.
 */
export const configSchema = z.object({
  BACKWATCH_DATA_DIR: z.string().min(1).default('./data').describe('Folder for the SQLite database and other state; created on first start.'),
  BACKWATCH_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL such as postgres://user:password@host:5432/backwatch')
    .optional()
    .describe('PostgreSQL to use instead of the embedded SQLite (postgres://user:password@host:port/database); several nodes can share it. Unset: SQLite in BACKWATCH_DATA_DIR.'),
  BACKWATCH_DATABASE_POOL: z.coerce.number().int().min(2).max(200).default(10).describe('PostgreSQL: connections this node keeps open at most.'),
  BACKWATCH_DATABASE_TLS: z
    .enum(['off', 'require', 'verify'])
    .default('off')
    .describe('PostgreSQL: TLS to the database. `require` encrypts without checking the certificate, `verify` also checks it against the system CAs or BACKWATCH_DATABASE_TLS_CA (what managed databases want).'),
  BACKWATCH_DATABASE_TLS_CA: z.string().min(1).optional().describe('PostgreSQL: PEM file of the CA that signed the database\'s certificate (with BACKWATCH_DATABASE_TLS=verify).'),
  BACKWATCH_NODE_NAME: z
    .string()
    .regex(/^[\w.:@-]{1,100}$/, 'letters, digits and . : @ _ - only, at most 100')
    .optional()
    .describe('This node\'s name on the About page when several share a database (default: host name and process id).'),
  BACKWATCH_SMTP_HOST: z.string().min(1).default('127.0.0.1').describe('Address the SMTP listener binds to.'),
  BACKWATCH_SMTP_PORT: port.default(2525).describe('SMTP port (0 picks a free one).'),
  BACKWATCH_HTTP_HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP listener (API and console) binds to.'),
  BACKWATCH_HTTP_PORT: port.default(8060).describe('HTTP port (0 picks a free one).'),
  BACKWATCH_INBOX: z
    .string()
    .regex(/^[^\s@+]+@[^\s@]+$/, 'must be an address like reports@backwatch.local, without a "+"')
    .default('reports@backwatch.local')
    .describe('The organization address; checks receive mail at its plus-aliases (reports+alias@…).'),
  BACKWATCH_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024).describe('Largest message accepted over SMTP, in bytes; larger ones get 552.'),
  BACKWATCH_SMTP_TLS_KEY: z.string().min(1).optional().describe('PEM private key file; with BACKWATCH_SMTP_TLS_CERT it enables STARTTLS.'),
  BACKWATCH_SMTP_TLS_CERT: z.string().min(1).optional().describe('PEM certificate chain file for STARTTLS.'),
  BACKWATCH_SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).default(500).describe('Concurrent SMTP connections before new ones get 421.'),
  BACKWATCH_INGEST_QUEUE: z.coerce.number().int().min(1).default(1000).describe('Messages received and not yet committed before further ones get 451 4.3.2 at DATA (the sender retries them later).'),
  BACKWATCH_INGEST_QUEUE_BYTES: z.coerce.number().int().min(1024 * 1024).default(64 * 1024 * 1024).describe('The bytes of those messages together before further ones get 451 4.3.2.'),
  BACKWATCH_TIMEZONE: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Europe/Berlin')
    .default('UTC')
    .describe('The organization\'s time zone: schedules that name no zone follow its calendar.'),
  BACKWATCH_PUBLIC_URL: z.url().optional().describe('Base URL of the console as users reach it (used in links; when set, also the WebAuthn relying party, and https makes the session cookie Secure).'),
  BACKWATCH_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  BACKWATCH_ALLOW_PRIVATE_WEBHOOKS: bool.default(false).describe('Allow outbound HTTP (webhooks, chat, push) to private, loopback and link-local addresses.'),
  BACKWATCH_OUTBOUND_ALLOW: z
    .string()
    .default('')
    .refine(
      (list) => list.split(',').map((e) => e.trim()).filter(Boolean).every((e) => (e.includes('/') ? ipaddr.isValidCIDR(e) : ipaddr.isValid(e) || /^[a-z0-9.-]+$/i.test(e))),
      'each entry must be a host name, an IP address or a CIDR range',
    )
    .describe('Comma-separated host names and CIDR ranges outbound HTTP may reach even though they are private (e.g. "ntfy.lan,10.0.5.0/24").'),
  BACKWATCH_SECRET_KEY: z.string().min(16).optional().describe('Key that encrypts channel secrets at rest (32 random bytes in base64); without it, secret.key in the data dir is created and used.'),
  BACKWATCH_TEMPLATES_DIR: z.string().min(1).optional().describe('Folder of <channel>/<event>.hbs files that replace the built-in message templates.'),
  BACKWATCH_DELIVERY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30).describe('A send (webhook, chat, push) that has not answered in this time counts as failed and is retried; a node that dies mid-send leaves it to another node after twice this time.'),
  BACKWATCH_DELIVERY_RETRY_HOURS: z.coerce.number().min(0).max(24 * 30).default(24).describe('How long a failing delivery is retried (exponential backoff) before it is given up.'),
});

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function toConfig(env: z.infer<typeof configSchema>) {
  const [inboxLocal, inboxDomain] = env.BACKWATCH_INBOX.toLowerCase().split('@') as [string, string];
  return {
    dataDir: env.BACKWATCH_DATA_DIR,
    database: env.BACKWATCH_DATABASE_URL
      ? ({
          kind: 'postgres',
          url: env.BACKWATCH_DATABASE_URL,
          pool: env.BACKWATCH_DATABASE_POOL,
          tls: env.BACKWATCH_DATABASE_TLS,
          tlsCaFile: env.BACKWATCH_DATABASE_TLS_CA,
        } as const)
      : ({ kind: 'sqlite', dataDir: env.BACKWATCH_DATA_DIR } as const),
    nodeName: env.BACKWATCH_NODE_NAME,
    smtp: {
      host: env.BACKWATCH_SMTP_HOST,
      port: env.BACKWATCH_SMTP_PORT,
      maxMessageBytes: env.BACKWATCH_MAX_MESSAGE_BYTES,
      maxClients: env.BACKWATCH_SMTP_MAX_CLIENTS,
      queue: { messages: env.BACKWATCH_INGEST_QUEUE, bytes: env.BACKWATCH_INGEST_QUEUE_BYTES },
      tls: env.BACKWATCH_SMTP_TLS_KEY && env.BACKWATCH_SMTP_TLS_CERT
        ? { keyFile: env.BACKWATCH_SMTP_TLS_KEY, certFile: env.BACKWATCH_SMTP_TLS_CERT }
        : undefined,
    },
    http: { host: env.BACKWATCH_HTTP_HOST, port: env.BACKWATCH_HTTP_PORT },
    inbox: { local: inboxLocal, domain: inboxDomain, address: `${inboxLocal}@${inboxDomain}` },
    publicUrl: env.BACKWATCH_PUBLIC_URL ?? `http://${env.BACKWATCH_HTTP_HOST}:${env.BACKWATCH_HTTP_PORT}`,
    /** Only when set: then it, not the request's host, is the console's origin (WebAuthn, Secure cookies). */
    consoleOrigin: env.BACKWATCH_PUBLIC_URL,
    timezone: env.BACKWATCH_TIMEZONE,
    logLevel: env.BACKWATCH_LOG_LEVEL,
    outbound: {
      allowPrivate: env.BACKWATCH_ALLOW_PRIVATE_WEBHOOKS,
      allow: env.BACKWATCH_OUTBOUND_ALLOW.split(',').map((s) => s.trim()).filter(Boolean),
    },
    secretKey: env.BACKWATCH_SECRET_KEY,
    templatesDir: env.BACKWATCH_TEMPLATES_DIR,
    deliveryRetryHours: env.BACKWATCH_DELIVERY_RETRY_HOURS,
    deliveryTimeoutMs: env.BACKWATCH_DELIVERY_TIMEOUT_SECONDS * 1000,
  };
}

/** Reads the BACKWATCH_* variables; throws ConfigError naming every bad one. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const result = configSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = result.data;
  if (Boolean(e.BACKWATCH_SMTP_TLS_KEY) !== Boolean(e.BACKWATCH_SMTP_TLS_CERT)) {
    throw new ConfigError(['BACKWATCH_SMTP_TLS_KEY and BACKWATCH_SMTP_TLS_CERT must be set together']);
  }
  if (e.BACKWATCH_DATABASE_URL && !e.BACKWATCH_SECRET_KEY) {
    throw new ConfigError([
      'BACKWATCH_SECRET_KEY: must be set with BACKWATCH_DATABASE_URL: every node on a shared database needs the same key (a key file per node would make the secrets stored by the others unreadable); make one with `openssl rand -base64 32`',
    ]);
  }
  return toConfig(e);
}
