/** How an expected failure crosses every boundary (IPC, WebSocket, CLI, HTTP): never a raw stack. */
export interface ErrorShape {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** An expected failure with a stable code, words for a person, and whether retrying can help. */
export class CopperError extends Error implements ErrorShape {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable = false, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CopperError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** Turns anything thrown into the shape that may cross a boundary; unknown errors keep only a generic message. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof CopperError) return { code: err.code, message: err.message, retryable: err.retryable };
  if (isErrorShape(err)) return { code: err.code, message: err.message, retryable: err.retryable };
  return {
    code: 'internal',
    message: 'Something went wrong inside Copper. The details are in the log.',
    retryable: false,
  };
}

/** True for a value that already has the `{ code, message, retryable }` shape. */
export function isErrorShape(v: unknown): v is ErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ErrorShape).code === 'string' &&
    typeof (v as ErrorShape).message === 'string' &&
    typeof (v as ErrorShape).retryable === 'boolean'
  );
}
