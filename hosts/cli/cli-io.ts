/** Where the CLI writes and reads: the process's streams in production, buffers in a test. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  /** All of stdin as text (for a piped password); only called when needed. */
  readStdin(): Promise<string>;
  /** True when stdin is a terminal (then a password is asked for, not read from a pipe). */
  readonly stdinIsTTY: boolean;
  /** Asks for a secret on the terminal without echoing it. */
  promptSecret?(prompt: string): Promise<string>;
}
