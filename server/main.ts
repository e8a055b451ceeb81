// `npm run api`: the Copper API's web process (Procfile `web`). PORT comes from Heroku.
import { ConfigError, loadApiConfig } from './config';
import { startApi } from './app';
import { createLogger, errorFields } from './log';
import { packageVersion } from './version';

async function main(): Promise<void> {
  const logger = createLogger();
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const portRaw = process.env.PORT ?? '3000';
  if (!/^\d+$/.test(portRaw) || Number(portRaw) > 65535) {
    process.stderr.write(
      `Copper API configuration is incomplete:\n  - PORT must be a port number (got "${portRaw}")\n`,
    );
    process.exit(78);
  }
  const api = await startApi(config, {
    port: Number(portRaw),
    host: '0.0.0.0',
    logger,
    version: packageVersion(),
    env: process.env,
  });
  // Heroku sends SIGTERM and waits 30 s before SIGKILL: finish in-flight requests, then exit.
  const stop = (signal: string): void => {
    logger.info('api.stopping', { signal });
    api.close().then(
      () => process.exit(0),
      (err) => {
        logger.error('api.stop-failed', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  createLogger().error('api.start-failed', errorFields(err));
  process.exit(1);
});
