import { useState } from 'react';
import type { VersionPreview } from '../../../shared/models/history';
import type { CallState } from '../../bridge/bridge-context';
import { useBridge, useCall } from '../../bridge/bridge-context';
import { ImageIcon } from '../../components/icons';

/** A version's preview from the core (any gallery format: TIFF, PSD, JPEG…), fetched once per version. */
export function useVersionPreview(objectKey: string, versionId: string): CallState<VersionPreview> {
  return useCall('history.preview', { key: objectKey, versionId });
}

/**
 * One version's picture. The core makes it from the version's own bytes and serves it by the
 * thumbnail route, like the Library's; the image is shown whole (letterboxed, never cropped).
 * While it is being made, or when the file is not an image, a calm placeholder says so.
 */
export function VersionThumbnail({
  size = 'small',
  alt,
  preview,
}: {
  size?: 'small' | 'large';
  alt: string;
  /** From useVersionPreview in the caller, which also shows the version's metadata. */
  preview: CallState<VersionPreview>;
}) {
  return <PreviewImage state={preview} size={size} alt={alt} />;
}

/** The preview's image URL on this transport, once the core has made it. */
export function usePreviewUrl(state: CallState<VersionPreview>): string | undefined {
  const bridge = useBridge();
  const id = state.data?.thumbnail;
  return id && bridge.thumbnailUrl ? bridge.thumbnailUrl(id) : undefined;
}

function PreviewImage({
  state,
  size,
  alt,
}: {
  state: CallState<VersionPreview>;
  size: 'small' | 'large';
  alt: string;
}) {
  const [failed, setFailed] = useState<string>();
  const url = usePreviewUrl(state);
  if (!url || failed === url) {
    return (
      <span
        className={`thumb thumb--${size} thumb--placeholder`}
        data-state={state.loading ? 'loading' : 'missing'}
        title={state.error?.message}
        aria-hidden="true"
      >
        <ImageIcon size={size === 'large' ? 40 : 20} />
      </span>
    );
  }
  return (
    <span className={`thumb thumb--${size}${state.data?.image.hasAlpha ? ' thumb--alpha' : ''}`}>
      <img
        src={url}
        alt={alt}
        decoding="async"
        draggable={false}
        onError={() => setFailed(url)}
        data-testid="version-thumbnail"
      />
    </span>
  );
}
