import type { UploadObserver } from './upload-context';

/**
 * A file's byte-accurate progress over its parts: confirmed parts plus the bytes of the parts
 * in flight (rolled back to zero when an attempt fails).
 */
export class PartProgress {
  private confirmedBytes = 0;
  private readonly inFlight = new Map<number, number>();

  constructor(private readonly observer: UploadObserver) {}

  /** Bytes S3 has confirmed (sent or kept). */
  get confirmed(): number {
    return this.confirmedBytes;
  }

  attempt(partNumber: number, size: number): void {
    this.inFlight.set(partNumber, 0);
    this.observer.part({ partNumber, size, phase: 'attempt' });
  }

  sent(partNumber: number, bytes: number): void {
    this.inFlight.set(partNumber, (this.inFlight.get(partNumber) ?? 0) + bytes);
    this.report();
  }

  /** An attempt failed: its bytes no longer count. */
  rollback(partNumber: number): void {
    this.inFlight.set(partNumber, 0);
    this.report();
  }

  /** The part gave up (the file's upload stops). */
  drop(partNumber: number): void {
    this.inFlight.delete(partNumber);
  }

  confirm(partNumber: number, size: number, phase: 'done' | 'skipped'): void {
    this.inFlight.delete(partNumber);
    this.confirmedBytes += size;
    this.observer.part({ partNumber, size, phase });
    this.report();
  }

  private report(): void {
    let bytes = this.confirmedBytes;
    for (const b of this.inFlight.values()) bytes += b;
    this.observer.progress(bytes);
  }
}
