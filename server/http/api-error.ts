import { CopperError } from '../../shared/errors';

/** An expected failure with the HTTP status it answers with (and extra headers such as Retry-After). */
export class HttpError extends CopperError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status === 429 || status >= 500);
    this.name = 'HttpError';
  }
}

/** The one error body shape: `{ error: { code, message } }`. */
export function errorBody(code: string, message: string): { error: { code: string; message: string } } {
  return { error: { code, message } };
}
