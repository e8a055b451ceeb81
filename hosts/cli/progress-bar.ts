import type { QueueProgress } from '../../shared/models/queue';
import { formatEta } from './format';
import { formatBytes } from '../../shared/format-bytes';

interface Terminal {
  write(text: string): unknown;
  readonly columns?: number;
}

/**
 * One self-overwriting line on a terminal's stderr: bar, bytes, rate and time left. Only used
 * when stderr is a TTY, so logs and pipes never receive carriage-return noise.
 */
export class ProgressBar {
  private shown = false;

  constructor(private readonly terminal: Terminal) {}

  update(progress: QueueProgress, filesLeft: number): void {
    const { bytes, total, rate, etaSeconds } = progress.overall;
    const fraction = total > 0 ? Math.min(1, bytes / total) : 0;
    const info = ` ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(bytes)}/${formatBytes(total)} ${formatBytes(rate)}/s ETA ${formatEta(etaSeconds)} (${filesLeft} file${filesLeft === 1 ? '' : 's'})`;
    const columns = this.terminal.columns ?? 80;
    const width = Math.max(10, Math.min(40, columns - info.length - 3));
    const filled = Math.round(fraction * width);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${info}`;
    this.terminal.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.shown = true;
  }

  /** Clears the line so what follows starts clean. */
  finish(): void {
    if (this.shown) this.terminal.write('\r\x1b[K');
    this.shown = false;
  }
}
