import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startService } from './app/app.js';
import { SecretKeyMismatch } from './app/secret-key-check.js';
import { type Config, ConfigError, configSchema, parseConfig } from './config/config.js';
import { CopyError, type CopyResult, copySqliteToPostgres } from './db/copy.js';
import { databaseFile, type Db } from './db/database.js';
import { openDatabase } from './db/engine.js';
import { migrateToLatest } from './db/migrator.js';
import { redactUrl } from './db/postgres.js';
import { listApiKeys, revokeApiKey } from './modules/apikeys/apikeys.repository.js';
import { createApiKey } from './modules/apikeys/apikeys.usecases.js';
import { createUser } from './modules/accounts/accounts.users.js';
import { systemClock } from './shared/clock.js';
import { AppError } from './shared/errors.js';
import { loadSecretKey, secretKeyFile } from './shared/secrets.js';
import { promptHidden, readLine, type Stdin } from './shared/stdin.js';

const USAGE = `usage: backwatch <command>

  serve                               start SMTP and HTTP (what npm start runs)
  migrate                             apply pending database migrations
  apikey create --name NAME [--json]  create an API key and print it (shown once)
  apikey list [--json]                list API keys (never the keys themselves)
  apikey revoke ID                    revoke an API key
  admin create --username NAME [--role admin|viewer]
                                      create a console user; the password is read
                                      from stdin (one line), or asked for on a terminal
  db copy --to URL [--json]           copy this installation's SQLite database into an
                                      empty PostgreSQL database (postgres://user:password@host/db)

Settings come from BACKWATCH_* environment variables; see the README.`;

const SHUTDOWN_DEADLINE_MS = 15_000;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Where `admin create` reads the password: process.stdin when run as a program. */
  stdin?: Stdin;
}

class UsageError extends Error {}

async function withDb<T>(config: Config, work: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(config.database);
  try {
    await migrateToLatest(db);
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function apikey(config: Config, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { name: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
  const [sub, id] = positionals;
  if (sub === 'create') {
    const name = values.name?.trim();
    if (!name) throw new UsageError('apikey create needs --name NAME');
    const key = await withDb(config, (db) => createApiKey({ db, clock: systemClock }, name));
    io.out(values.json ? JSON.stringify({ key: key.key, id: key.id, name: key.name }) : `API key "${key.name}" (id ${key.id}); store it now, it is not shown again:\n${key.key}`);
    return 0;
  }
  if (sub === 'list') {
    const keys = await withDb(config, listApiKeys);
    if (values.json) io.out(JSON.stringify(keys));
    else for (const k of keys) io.out(`${k.id}\t${k.prefix}…\t${k.name}\tcreated ${k.created_at}\tlast used ${k.last_used_at ?? 'never'}${k.revoked_at ? `\trevoked ${k.revoked_at}` : ''}`);
    return 0;
  }
  if (sub === 'revoke') {
    const keyId = Number(id);
    if (!Number.isInteger(keyId)) throw new UsageError('apikey revoke needs the key id (see apikey list)');
    const done = await withDb(config, (db) => revokeApiKey(db, keyId, systemClock.now().toISOString()));
    if (!done) {
      io.err(`no active API key with id ${keyId}`);
      return 1;
    }
    io.out(`API key ${keyId} revoked`);
    return 0;
  }
  throw new UsageError(`unknown apikey command: ${sub ?? '(none)'}`);
}

async function readPassword(io: Io): Promise<string> {
  const stdin = io.stdin;
  if (!stdin) throw new UsageError('admin create reads the password from stdin');
  if (!stdin.isTTY) return readLine(stdin);
  const write = (text: string) => process.stderr.write(text);
  const first = await promptHidden(stdin, write, 'Password: ');
  const again = await promptHidden(stdin, write, 'Password again: ');
  if (first !== again) throw new AppError('password.mismatch', 'the two passwords differ');
  return first;
}

async function admin(config: Config, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { username: { type: 'string' }, role: { type: 'string' } }, allowPositionals: true });
  if (positionals[0] !== 'create') throw new UsageError(`unknown admin command: ${positionals[0] ?? '(none)'}`);
  const username = values.username?.trim();
  if (!username) throw new UsageError('admin create needs --username NAME');
  const role = values.role ?? 'admin';
  if (role !== 'admin' && role !== 'viewer') throw new UsageError('--role is admin or viewer');
  try {
    const password = await readPassword(io);
    const user = await withDb(config, (db) => createUser({ db, clock: systemClock }, { username, password, role }));
    io.out(`user "${user.username}" created (id ${user.id}, ${user.role === 'admin' ? 'administrator' : 'viewer'})`);
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    io.err(e.message);
    return 1;
  }
}

/** The key the SQLite installation runs with: BACKWATCH_SECRET_KEY, else its secret.key (read, never created here). */
function installationKey(config: Config): { from: 'environment' | 'file' | 'none'; value?: string; key?: Buffer } {
  if (config.secretKey) return { from: 'environment', key: loadSecretKey(config.secretKey, config.dataDir) };
  const file = secretKeyFile(config.dataDir);
  if (!fs.existsSync(file)) return { from: 'none' };
  return { from: 'file', value: fs.readFileSync(file, 'utf8').trim(), key: loadSecretKey(undefined, config.dataDir) };
}

/** What the nodes are to be given: the password stays with whoever runs them, not in a terminal's scrollback. */
function withoutPassword(url: string): { url: string; hadPassword: boolean } {
  try {
    const u = new URL(url);
    const hadPassword = u.password !== '';
    u.password = '';
    return { url: u.toString(), hadPassword };
  } catch {
    return { url: redactUrl(url), hadPassword: true };
  }
}

function copyReport(result: CopyResult, databaseUrl: { url: string; hadPassword: boolean }, secret: ReturnType<typeof installationKey>, dataDir: string): string[] {
  const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
  const width = Math.max(5, ...result.tables.map((t) => t.name.length));
  const keyLine = {
    file: `  BACKWATCH_SECRET_KEY=${secret.value}\n    (from ${secretKeyFile(dataDir)}; keep it secret: it opens the channel secrets and second factors)`,
    environment: '  BACKWATCH_SECRET_KEY set to the same key as here (the BACKWATCH_SECRET_KEY of this shell)',
    none: '  BACKWATCH_SECRET_KEY set to a new key, made once for all nodes: openssl rand -base64 32\n    (this installation never made one, so nothing in it is sealed yet)',
  }[secret.from];
  return [
    ...result.tables.map((t) => `  ${t.name.padEnd(width)}  ${String(t.rows).padStart(10)}`),
    `  ${'total'.padEnd(width)}  ${String(total).padStart(10)} rows`,
    '',
    'Next, on every node:',
    `  BACKWATCH_DATABASE_URL=${databaseUrl.url}${databaseUrl.hadPassword ? '  (with its password)' : ''}`,
    keyLine,
    'then start backwatch; a node with another key refuses to start.',
    `The SQLite database in ${dataDir} stays as it was; nodes with BACKWATCH_DATABASE_URL set no longer use it.`,
  ];
}

async function db(config: Config, env: Record<string, string | undefined>, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { to: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals[0] !== 'copy') throw new UsageError(`unknown db command: ${positionals[0] ?? '(none)'}`);
  const to = values.to;
  if (!to || !/^postgres(ql)?:\/\/\S+$/.test(to)) throw new UsageError('db copy needs --to postgres://user:password@host:5432/database (an empty database)');
  const secret = installationKey(config);
  const target = {
    url: to,
    tls: configSchema.shape.BACKWATCH_DATABASE_TLS.parse(env.BACKWATCH_DATABASE_TLS || undefined),
    tlsCaFile: env.BACKWATCH_DATABASE_TLS_CA || undefined,
  };
  if (!values.json) io.out(`copying ${databaseFile(config.dataDir)} to ${redactUrl(to)}`);
  let result: CopyResult;
  try {
    result = await copySqliteToPostgres({ dataDir: config.dataDir, secretKey: secret.key }, target, io.err);
  } catch (e) {
    io.err(e instanceof CopyError ? `nothing copied: ${e.message}` : `the copy failed, and PostgreSQL keeps nothing of it (the copy is one transaction): ${(e as Error).message}`);
    return 1;
  }
  const databaseUrl = withoutPassword(to);
  if (values.json) {
    const total = result.tables.reduce((sum, t) => sum + t.rows, 0);
    io.out(JSON.stringify({ tables: result.tables, total, databaseUrl: databaseUrl.url, secretKey: { from: secret.from, value: secret.value } }));
  } else {
    for (const line of copyReport(result, databaseUrl, secret, config.dataDir)) io.out(line);
  }
  return 0;
}

async function serve(config: Config): Promise<number> {
  const service = await startService(config);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      service.logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        service.logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      service.stop().then(resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

export async function runCli(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  try {
    const config = parseConfig(env);
    switch (command) {
      case 'serve':
        return await serve(config);
      case 'migrate': {
        const db = openDatabase(config.database);
        const applied = await migrateToLatest(db).finally(() => db.destroy());
        io.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        return 0;
      }
      case 'apikey':
        return await apikey(config, rest, io);
      case 'admin':
        return await admin(config, rest, io);
      case 'db':
        return await db(config, env, rest, io);
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SecretKeyMismatch) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
