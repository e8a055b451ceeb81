import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../app/private-dir';
import { redactText, redactValue } from './redact';

/** The core's log: key events and unexpected errors, never a secret (redact.ts). */
export interface CoreLog {
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, err?: unknown, context?: Record<string, unknown>): void;
}

export interface RotatingLogOptions {
  /** The folder of the log files (created 0700). */
  readonly dir: string;
  /** Bytes per file before it rotates (default 5 MiB). */
  readonly maxBytes?: number;
  /** Files kept, the current one included (default 3: copper.log, copper.1.log, copper.2.log). */
  readonly files?: number;
  readonly now?: () => Date;
  /** Also echoes warnings and errors here (the host's stderr); the file gets everything. */
  readonly echo?: (line: string) => void;
}

/** The folder the core logs into, inside the data folder. */
export function logDirOf(dataDir: string): string {
  return join(dataDir, 'logs');
}

/**
 * One line per event (`<ISO time> <LEVEL> <message> <JSON context>`) appended to
 * `<dir>/copper.log`; past `maxBytes` the files shift (copper.log → copper.1.log → …) and the
 * oldest is dropped, so the logs never hold more than `maxBytes × files`. Every line passes
 * through the redactor first. Writes are synchronous and rare; a log that cannot be written
 * never breaks the app.
 */
export class RotatingLog implements CoreLog {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly files: number;
  private readonly now: () => Date;
  private size = -1;

  constructor(private readonly options: RotatingLogOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.files = Math.max(1, options.files ?? 3);
    this.now = options.now ?? (() => new Date());
  }

  /** The current file; older ones are copper.1.log … */
  get path(): string {
    return this.fileAt(0);
  }

  info(message: string, context?: Record<string, unknown>): void {
    this.write('INFO', message, context);
  }

  warn(message: string, context?: Record<string, unknown>): void {
    this.write('WARN', message, context);
  }

  error(message: string, err?: unknown, context?: Record<string, unknown>): void {
    this.write('ERROR', message, err === undefined ? context : { ...context, error: err });
  }

  private write(level: string, message: string, context?: Record<string, unknown>): void {
    const extra = context && Object.keys(context).length ? ` ${JSON.stringify(redactValue(context))}` : '';
    const line = `${this.now().toISOString()} ${level} ${redactText(message.replace(/\s+/g, ' '))}${extra}\n`;
    if (level !== 'INFO') this.options.echo?.(line.trimEnd());
    try {
      this.append(line);
    } catch {
      // A full disk or a removed folder must not take the core down; stderr still has warnings.
      this.size = -1;
    }
  }

  private append(line: string): void {
    const bytes = Buffer.byteLength(line);
    if (this.size < 0) {
      mkdirSync(this.dir, { recursive: true, mode: PRIVATE_DIR_MODE });
      this.size = sizeOf(this.path);
    }
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    appendFileSync(this.path, line, { mode: PRIVATE_FILE_MODE });
    this.size += bytes;
  }

  private rotate(): void {
    rmSync(this.fileAt(this.files - 1), { force: true });
    for (let i = this.files - 2; i >= 0; i--) {
      try {
        renameSync(this.fileAt(i), this.fileAt(i + 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    this.size = 0;
  }

  private fileAt(i: number): string {
    return join(this.dir, i === 0 ? 'copper.log' : `copper.${i}.log`);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
