import type { BucketComparison } from '../../../shared/models/catalog';

/** Paths per `catalog.compareBucket` call (the core HEADs them a few at a time). */
const CHUNK = 1000;

/** What the comparisons are made with: the core's call, and where the answers and the busy state go. */
export interface BucketComparisonsDeps {
  /** `catalog.compareBucket`: `refresh` asks S3 again instead of the core's recent answers. */
  ask(paths: readonly string[], refresh: boolean): Promise<readonly BucketComparison[]>;
  /** A chunk's answers. */
  answered(answers: readonly BucketComparison[]): void;
  /** Whether a call is under way. */
  checking(busy: boolean): void;
}

/**
 * Which of the Library's uploaded files to compare with the bucket, and when (no React: the
 * hook in use-bucket-comparison.ts drives it). Each file is asked about once when it is first
 * seen uploaded and again when its upload changes (a new version); all of them on `refresh()`
 * and after `forget()` (a reconnected core) — never the whole Library again because one more
 * file of a big folder finished. One loop sends the waiting paths a chunk at a time, so no
 * answer is thrown away because the queue moved on meanwhile.
 */
export class BucketComparisons {
  /** The upload (version id, or when it finished) each path was last asked about. */
  private readonly askedFor = new Map<string, string>();
  /** Paths waiting to be asked, each with whether S3 must be asked again. */
  private readonly waiting = new Map<string, boolean>();
  private uploaded: ReadonlyMap<string, string> = new Map();
  private running = false;
  /** Answers are published only while attached (a view shows them). */
  private attached = false;

  constructor(private readonly deps: BucketComparisonsDeps) {}

  /** The uploaded files now (path → its upload): the new and changed ones are asked about. */
  update(uploaded: ReadonlyMap<string, string>): void {
    this.uploaded = uploaded;
    for (const [path, upload] of uploaded) {
      if (this.askedFor.get(path) === upload) continue;
      this.askedFor.set(path, upload);
      if (!this.waiting.has(path)) this.waiting.set(path, false);
    }
    void this.drain();
  }

  /** Asks about every uploaded file again, from S3 itself. */
  refresh(): void {
    for (const [path, upload] of this.uploaded) {
      this.askedFor.set(path, upload);
      this.waiting.set(path, true);
    }
    void this.drain();
  }

  /** The core may have restarted: every file is asked about again at the next `update`. */
  forget(): void {
    this.askedFor.clear();
  }

  /** Starts publishing answers (a view mounted); returns the detach. */
  attach(): () => void {
    this.attached = true;
    void this.drain();
    return () => {
      this.attached = false;
    };
  }

  private async drain(): Promise<void> {
    if (this.running || !this.attached || this.waiting.size === 0) return;
    this.running = true;
    this.deps.checking(true);
    try {
      while (this.attached && this.waiting.size > 0) {
        // One call has one `refresh`: the first waiting path's, for it and the paths like it.
        const refresh = this.waiting.values().next().value === true;
        const paths: string[] = [];
        for (const [path, again] of this.waiting) {
          if (again !== refresh) continue;
          paths.push(path);
          if (paths.length === CHUNK) break;
        }
        for (const path of paths) this.waiting.delete(path);
        const answers = await this.deps.ask(paths, refresh).catch(() => {
          // Not answered (the core went away): asked again after the connection reopens.
          for (const path of paths) this.askedFor.delete(path);
          return [];
        });
        if (!this.attached) {
          // Detached meanwhile: the paths wait to be asked again when a view attaches.
          for (const path of paths) if (!this.waiting.has(path)) this.waiting.set(path, refresh);
          return;
        }
        if (answers.length > 0) this.deps.answered(answers);
      }
    } finally {
      this.running = false;
      if (this.attached) this.deps.checking(false);
    }
  }
}
