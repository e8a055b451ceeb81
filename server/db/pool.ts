import pg from 'pg';

/**
 * How to reach PostgreSQL for a DATABASE_URL. TLS follows the URL's `sslmode` (or PGSSLMODE):
 * `require`/`prefer`/`no-verify` encrypt without verifying the certificate, as Heroku Postgres
 * needs (its certificates are not signed by a public CA); `verify-ca`/`verify-full` verify;
 * absent or `disable` means plain TCP (a local database).
 */
export function poolConfig(
  databaseUrl: string,
  env: Readonly<Record<string, string | undefined>> = {},
): pg.PoolConfig {
  const url = new URL(databaseUrl);
  const mode = url.searchParams.get('sslmode') ?? env.PGSSLMODE ?? 'disable';
  // pg would read sslmode itself, with libpq-incompatible meanings; we decide and remove it.
  url.searchParams.delete('sslmode');
  let ssl: pg.PoolConfig['ssl'] = false;
  if (mode === 'require' || mode === 'prefer' || mode === 'no-verify' || mode === 'allow')
    ssl = { rejectUnauthorized: false };
  else if (mode === 'verify-ca' || mode === 'verify-full') ssl = { rejectUnauthorized: true };
  return {
    connectionString: url.toString(),
    ssl,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  };
}

/** A connection pool for DATABASE_URL; close it with `end()`. */
export function createPool(
  databaseUrl: string,
  env: Readonly<Record<string, string | undefined>> = {},
): pg.Pool {
  return new pg.Pool(poolConfig(databaseUrl, env));
}

/** The slice of pg.Pool the stores use, so a transaction client fits too. */
export type Db = Pick<pg.Pool, 'query'>;
