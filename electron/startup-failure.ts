import { app, dialog } from 'electron';
import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Words for a person: the error's message, never a stack (the stack goes to the log file). */
function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * A packaged app has no console: a failed start is shown in a dialog with the reason in
 * words, written to `<data>/logs/main.log` (0600, with the stack) and ends the app with
 * exit code 1. Returns the log path (or undefined when even the log could not be written).
 */
export function reportStartupFailure(err: unknown): string | undefined {
  let logPath: string | undefined;
  try {
    const dir = join(app.getPath('userData'), 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    logPath = join(dir, 'main.log');
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    appendFileSync(logPath, `${new Date().toISOString()} Copper failed to start: ${detail}\n`, {
      mode: 0o600,
    });
    chmodSync(logPath, 0o600);
  } catch {
    logPath = undefined;
  }
  console.error('Copper failed to start', err);
  dialog.showErrorBox(
    'Copper could not start',
    `${reasonOf(err)}${logPath ? `\n\nThe details are in ${logPath}.` : ''}`,
  );
  app.exit(1);
  return logPath;
}
