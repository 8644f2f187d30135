import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CONCORD_APP_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  CONCORD_DATA_DIR: z.string().min(1).default('./data'),
  CONCORD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONCORD_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CONCORD_SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  CONCORD_AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(100_000).default(100),
  CONCORD_AUDIT_CHECKPOINT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CONCORD_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  CONCORD_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  CONCORD_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  CONCORD_SECURE_COOKIES: booleanFromEnv.optional(),
  CONCORD_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgresql'; url: string; appUrl: string | undefined; poolSize: number };
  dataDir: string;
  logLevel: z.infer<typeof environmentSchema>['CONCORD_LOG_LEVEL'];
  session: { idleMinutes: number; absoluteHours: number; secureCookies: boolean };
  audit: { checkpointEvery: number; checkpointMinutes: number };
  /**
   * Sign-in throttling (auth/login-throttle.ts): failures from one address before delays start, the longest delay in
   * minutes, and the per-address request limit of the sign-in routes.
   */
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Parses the environment once; every problem is listed, not only the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.CONCORD_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgresql', url: e.DATABASE_URL, appUrl: e.CONCORD_APP_DATABASE_URL, poolSize: e.CONCORD_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    dataDir,
    logLevel: e.CONCORD_LOG_LEVEL,
    session: {
      idleMinutes: e.CONCORD_SESSION_IDLE_MINUTES,
      absoluteHours: e.CONCORD_SESSION_ABSOLUTE_HOURS,
      secureCookies: e.CONCORD_SECURE_COOKIES ?? false,
    },
    audit: { checkpointEvery: e.CONCORD_AUDIT_CHECKPOINT_EVERY, checkpointMinutes: e.CONCORD_AUDIT_CHECKPOINT_MINUTES },
    login: {
      maxFailures: e.CONCORD_LOGIN_MAX_FAILURES,
      lockMinutes: e.CONCORD_LOGIN_LOCK_MINUTES,
      ratePerMinute: e.CONCORD_LOGIN_RATE_PER_MINUTE,
    },
  };
}
