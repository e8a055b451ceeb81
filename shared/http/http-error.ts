import { CopperError } from '../errors';

/**
 * An expected failure that answers with an HTTP status: the status lives with the error that
 * carries it (not in a code→status table far away). `headers` adds e.g. Retry-After. 429 and
 * 5xx are retryable.
 */
export class HttpError extends CopperError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, status === 429 || status >= 500, options);
    this.name = 'HttpError';
  }
}

/** The one error body shape: `{ error: { code, message } }`. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
