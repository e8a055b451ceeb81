import { CopperError, isErrorShape } from '../../shared/errors';

/**
 * Turns whatever a transport rejected with into a CopperError. Electron's contextBridge
 * copies a rejected plain object but drops an Error's own fields, so the preload rejects with
 * the `{code, message, retryable}` shape and this puts the class back.
 */
export function toCopperError(reason: unknown): CopperError {
  if (reason instanceof CopperError) return reason;
  if (isErrorShape(reason)) return new CopperError(reason.code, reason.message, reason.retryable);
  const message = reason instanceof Error ? reason.message : String(reason);
  return new CopperError('transport.failed', `The call did not reach Copper's core: ${message}`, true);
}
