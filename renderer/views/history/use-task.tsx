import { useCallback, useState } from 'react';
import type { CopperError } from '../../../shared/errors';
import { toCopperError } from '../../bridge/bridge-error';

/**
 * One async action at a time with its busy flag and its error (in words): `run` resolves the
 * action's value, or undefined when it failed (the error is then shown by `TaskError`).
 */
export function useTask() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CopperError>();
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (err) {
      setError(toCopperError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(undefined) };
}

/** A task's failure, said in words (with its code for tests and support). */
export function TaskError({ error, prefix }: { error: CopperError | undefined; prefix?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice--bad" role="alert" data-code={error.code}>
      {prefix ? `${prefix}: ` : ''}
      {error.message}
    </div>
  );
}
