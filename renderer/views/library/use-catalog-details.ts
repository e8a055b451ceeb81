import { useCallback, useEffect, useState } from 'react';
import type { CatalogDetails } from '../../../shared/models/catalog';
import type { CopperError } from '../../../shared/errors';
import { useBridge, useTransport } from '../../bridge/bridge-context';
import { toCopperError } from '../../bridge/bridge-error';

/** The details panel's answer from the core: loading, the details, or why not. */
export interface DetailsModel {
  readonly details: CatalogDetails | undefined;
  readonly loading: boolean;
  readonly error: CopperError | undefined;
  /** Asks again (one more HEAD of the key). */
  refresh(): void;
}

/**
 * `catalog.details` for the selected file: asked when the selection changes, when the
 * connection comes back, when the file's upload state changes (`stamp`), and on `refresh()`.
 */
export function useCatalogDetails(path: string | undefined, stamp: string): DetailsModel {
  const bridge = useBridge();
  const transport = useTransport();
  const [details, setDetails] = useState<CatalogDetails>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<CopperError>();
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    setDetails((d) => (d?.path === path ? d : undefined));
    setError(undefined);
    if (!path || transport !== 'open') return;
    let live = true;
    setLoading(true);
    bridge.invoke('catalog.details', { path }).then(
      (answer) => {
        if (!live) return;
        setDetails(answer);
        setLoading(false);
      },
      (reason: unknown) => {
        if (!live) return;
        setError(toCopperError(reason));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [bridge, transport, path, stamp, asked]);

  const refresh = useCallback(() => setAsked((n) => n + 1), []);
  return { details: details?.path === path ? details : undefined, loading, error, refresh };
}
