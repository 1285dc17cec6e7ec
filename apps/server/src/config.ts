/**
 * Configuration from environment variables, validated at start. Every wrong value is reported at
 * once with its name and what was expected; `.env.example` lists every variable with its default.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Days kept mail stays in the database (metadata and harmless bodies) before the prune job deletes it. */
  mailRetentionDays: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  demo: boolean;
  runWorker: boolean;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  signInLimitPerMinute: number;
  /** Exports (CSV, PDF, the personal data export) per minute and address: each is expensive. */
  exportLimitPerMinute: number;
  sessionIdleMinutes: number;
  sessionAbsoluteDays: number;
  webDist: string;
  /** Where uploads (profile photos, attachments) are kept; shared by every node. */
  uploadDir: string;
  /** Largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /**
   * Key for secrets kept in the database (TOTP secrets), 32+ characters. Without it a random key
   * is created once in `${uploadDir}/../secret.key` (fine for one node; set it for several).
   */
  secretKey: string | undefined;
  /** Whether members with access to others' data (LV admins, RZ staff, chairs) must use a second factor. */
  requireSecondFactorForFunctionaries: boolean;
  /** Relying-party id for passkeys: the host name of PUBLIC_URL unless set. */
  passkeyRpId: string;
  /** Open live sockets one member may hold (tabs and devices); more are refused. */
  liveMaxConnectionsPerMember: number;
  /** Hours live events are kept for reconnecting clients; older gaps mean "refetch". */
  liveRetentionHours: number;
  /** Addresses (CIDRs) that may read `/metrics`; empty: only with {@link metricsToken}. */
  metricsAllow: string[];
  /** Bearer token that opens `/metrics` from any address. */
  metricsToken: string | undefined;
  /**
   * Prefix of every Redis key and channel of this instance, so instances (and test runs) can share
   * one Redis. Default: derived from the database the instance uses.
   */
  redisPrefix: string;
  /** The append-only list of erased members, kept apart from backups and re-applied after a restore. */
  erasureLog: string;
  /** Folder with the legal pages as Markdown (`impressum.md`, `datenschutz.md`, `barrierefreiheit.md`). */
  legalDir: string | undefined;
  /** Sign-in through the party's identity provider (OpenID Connect); undefined when not configured. */
  oidc: OidcConfig | undefined;
  /** At most this long a stopping node waits for its open requests and connections to end. */
  shutdownDrainSeconds: number;
  brand: {
    name: string;
    shortName: string;
    primaryColor: string;
    accentColor: string;
    logoUrl: string;
  };
}

export interface OidcConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** Whether the claim carries a member number or an email address. */
  match: 'member_number' | 'email';
  /** The claim (in the ID token or from userinfo) that names the member. */
  claim: string;
  /** Scopes asked for besides `openid`. */
  scopes: string;
  /** `amr` values meaning the provider checked a second factor itself. */
  secondFactorAmr: string[];
  /** `acr` values meaning the same. */
  secondFactorAcr: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;
type Parser<T> = (raw: string) => T;

const int =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw new Error(`a whole number from ${min} to ${max}`);
    }
    return Number(raw);
  };

const bool: Parser<boolean> = (raw) => {
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error('true or false');
};

const url =
  (protocols: string[]): Parser<string> =>
  (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new Error(`a URL (${protocols.join(', ')})`);
    }
    if (!protocols.includes(parsed.protocol)) throw new Error(`a URL (${protocols.join(', ')})`);
    return raw.replace(/\/$/, '');
  };

const oneOf =
  <T extends string>(values: readonly T[]): Parser<T> =>
  (raw) => {
    if (!values.includes(raw as T)) throw new Error(`one of ${values.join(', ')}`);
    return raw as T;
  };

const color: Parser<string> = (raw) => {
  if (!/^#[0-9a-fA-F]{6}$/.test(raw)) throw new Error('a colour like #E3000F');
  return raw;
};

const text: Parser<string> = (raw) => {
  if (raw.trim() === '') throw new Error('a non-empty text');
  return raw;
};

const secret: Parser<string> = (raw) => {
  if (raw.length < 32) throw new Error('at least 32 characters (e.g. `openssl rand -base64 32`)');
  return raw;
};

const cidrs: Parser<string[]> = (raw) => {
  const list = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address = '', bits] = entry.split('/');
    const family = net.isIP(address);
    const max = family === 6 ? 128 : 32;
    if (family === 0 || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
      throw new Error('addresses or CIDRs separated by commas, like 10.0.0.0/8,::1');
    }
  }
  return list;
};

const redisPrefix: Parser<string> = (raw) => {
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(raw)) throw new Error('1–64 letters, digits, ":", "_", "." or "-"');
  return raw;
};

const databaseUrl: Parser<string> = (raw) => {
  if (/^postgres(ql)?:\/\//.test(raw)) return url(['postgres:', 'postgresql:'])(raw);
  if (/^(sqlite|file):/.test(raw) || raw === ':memory:' || !raw.includes('://')) return raw;
  throw new Error('postgres://… or sqlite:PATH');
};

/** Reads and validates the configuration; throws {@link ConfigError} listing every problem. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  function read<T>(name: string, parse: Parser<T>, fallback: T): T;
  function read<T>(name: string, parse: Parser<T>, fallback: undefined): T | undefined;
  function read<T>(name: string, parse: Parser<T>, fallback: T | undefined): T | undefined {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    try {
      return parse(raw);
    } catch (error) {
      problems.push(`${name}=${JSON.stringify(raw)} is not valid: expected ${(error as Error).message}`);
      return fallback;
    }
  }

  const port = read('PORT', int(0, 65535), 3000);
  const config: Config = {
    port,
    host: read('HOST', text, '127.0.0.1'),
    publicUrl: read('PUBLIC_URL', url(['http:', 'https:']), `http://localhost:${port}`),
    databaseUrl: read('DATABASE_URL', databaseUrl, 'sqlite:./data/rotes-netz.db'),
    redisUrl: read('REDIS_URL', url(['redis:', 'rediss:']), undefined),
    smtpUrl: read('SMTP_URL', url(['smtp:', 'smtps:']), undefined),
    mailFrom: read('MAIL_FROM', text, 'Rotes Netz <noreply@rotes-netz.example>'),
    mailRetentionDays: read('MAIL_RETENTION_DAYS', int(1, 3650), 90),
    logLevel: read('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), 'info'),
    trustProxy: read('TRUST_PROXY', bool, false),
    demo: read('DEMO', bool, false),
    runWorker: read('RUN_WORKER', bool, true),
    bodyLimitBytes: read('BODY_LIMIT_BYTES', int(1024, 50 * 1024 * 1024), 1024 * 1024),
    rateLimitPerMinute: read('RATE_LIMIT_PER_MINUTE', int(1, 1_000_000), 600),
    signInLimitPerMinute: read('SIGN_IN_LIMIT_PER_MINUTE', int(1, 10_000), 10),
    exportLimitPerMinute: read('EXPORT_LIMIT_PER_MINUTE', int(1, 10_000), 10),
    sessionIdleMinutes: read('SESSION_IDLE_MINUTES', int(5, 60 * 24 * 30), 12 * 60),
    sessionAbsoluteDays: read('SESSION_ABSOLUTE_DAYS', int(1, 365), 30),
    webDist: read('WEB_DIST', text, 'apps/web/dist'),
    uploadDir: read('UPLOAD_DIR', text, './data/uploads'),
    attachmentMaxBytes: read('ATTACHMENT_MAX_BYTES', int(1024, 100 * 1024 * 1024), 10 * 1024 * 1024),
    secretKey: read('SECRET_KEY', secret, undefined),
    requireSecondFactorForFunctionaries: read('REQUIRE_SECOND_FACTOR_FOR_FUNCTIONARIES', bool, false),
    passkeyRpId: '',
    liveMaxConnectionsPerMember: read('LIVE_MAX_CONNECTIONS_PER_MEMBER', int(1, 1000), 20),
    liveRetentionHours: read('LIVE_RETENTION_HOURS', int(1, 24 * 90), 48),
    metricsAllow: read('METRICS_ALLOW', cidrs, []),
    metricsToken: read('METRICS_TOKEN', secret, undefined),
    redisPrefix: '',
    erasureLog: '',
    legalDir: read('LEGAL_DIR', text, undefined),
    shutdownDrainSeconds: read('SHUTDOWN_DRAIN_SECONDS', int(0, 600), 15),
    oidc: undefined,
    brand: {
      name: read('INSTANCE_NAME', text, 'Rotes Netz Baden-Württemberg'),
      shortName: read('INSTANCE_SHORT_NAME', text, 'Rotes Netz'),
      primaryColor: read('BRAND_PRIMARY_COLOR', color, '#E3000F'),
      accentColor: read('BRAND_ACCENT_COLOR', color, '#B5000C'),
      logoUrl: read('BRAND_LOGO_URL', text, '/logo.svg'),
    },
  };
  config.redisPrefix = read('REDIS_PREFIX', redisPrefix, defaultRedisPrefix(config.databaseUrl));
  config.erasureLog = read('ERASURE_LOG', text, path.join(path.dirname(config.uploadDir), 'erasures.log'));
  const oidcIssuer = read('OIDC_ISSUER_URL', url(['https:', 'http:']), undefined);
  if (oidcIssuer) {
    const match = read('OIDC_MATCH', oneOf(['member_number', 'email'] as const), 'email');
    const list = (raw: string) =>
      raw
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    config.oidc = {
      issuerUrl: oidcIssuer,
      clientId: read('OIDC_CLIENT_ID', text, ''),
      clientSecret: read('OIDC_CLIENT_SECRET', text, ''),
      match,
      claim: read('OIDC_CLAIM', text, match),
      scopes: read('OIDC_SCOPES', text, 'email profile'),
      secondFactorAmr: read('OIDC_SECOND_FACTOR_AMR', list, ['mfa', 'otp', 'hwk', 'swk', 'sms']),
      secondFactorAcr: read('OIDC_SECOND_FACTOR_ACR', list, []),
    };
    if (!config.oidc.clientId || !config.oidc.clientSecret) {
      problems.push('OIDC_ISSUER_URL needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
    }
    if (
      new URL(oidcIssuer).protocol === 'http:' &&
      !['localhost', '127.0.0.1', '[::1]'].includes(new URL(oidcIssuer).hostname)
    ) {
      problems.push('OIDC_ISSUER_URL must be https (plain http only on this machine, for tests)');
    }
  }
  config.passkeyRpId = read('PASSKEY_RP_ID', text, new URL(config.publicUrl).hostname);
  if (config.sessionIdleMinutes > config.sessionAbsoluteDays * 24 * 60) {
    problems.push('SESSION_IDLE_MINUTES must not be longer than SESSION_ABSOLUTE_DAYS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * The warning a production start without SMTP must shout: every mail — registration links,
 * password resets, meeting data — would be kept in the database and reach nobody.
 */
export function missingSmtpWarning(config: Config, env: Env = process.env): string | null {
  if (config.smtpUrl || config.demo) return null;
  const production = env.NODE_ENV === 'production' || new URL(config.publicUrl).protocol === 'https:';
  if (!production) return null;
  return 'SMTP_URL is not set: no mail leaves this instance. Registration, invitation and password-reset links and meeting data are kept in the database and reach nobody. Set SMTP_URL.';
}

/**
 * Nodes of one instance use one database, so its address names the instance; another instance
 * (another database) gets another prefix. An in-memory database is its own instance.
 */
function defaultRedisPrefix(databaseUrl: string): string {
  const key = databaseUrl === ':memory:' ? randomBytes(8).toString('hex') : databaseUrl.replace(/\/\/[^@/]*@/, '//');
  return `rn:${createHash('sha256').update(key).digest('hex').slice(0, 12)}:`;
}

/** The configuration with every secret part of URLs masked, for logs. */
export function redactedConfig(config: Config): Config {
  const mask = (value: string | undefined) => value?.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
  return {
    ...config,
    databaseUrl: mask(config.databaseUrl)!,
    redisUrl: mask(config.redisUrl),
    smtpUrl: mask(config.smtpUrl),
    metricsToken: config.metricsToken && '***',
    oidc: config.oidc && { ...config.oidc, clientSecret: '***' },
  };
}
