// `npm run api:release`: Heroku's release phase — migrations only, before new dynos start.
import { ConfigError, loadDatabaseUrl } from './config';
import { createPool } from './db/pool';
import { runMigrations } from './db/migrations';
import { createLogger, errorFields } from './log';

const logger = createLogger();
try {
  const pool = createPool(loadDatabaseUrl(process.env), process.env);
  try {
    const applied = await runMigrations(pool);
    logger.info('db.migrated', { versions: applied, upToDate: applied.length === 0 });
  } finally {
    await pool.end();
  }
} catch (err) {
  if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else logger.error('db.migrate-failed', errorFields(err));
  process.exit(1);
}
