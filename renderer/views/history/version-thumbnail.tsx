import { useState } from 'react';
import { useCall } from '../../bridge/bridge-context';
import { FileIcon, ImageIcon } from '../../components/icons';

// What Chromium can draw in an <img>; TIFF, PSD, HEIC and RAW get an icon instead of a broken image.
const DRAWABLE = /\.(png|jpe?g|gif|webp|avif|bmp|ico)$/i;

/** Whether the renderer can show this key as an image. */
export function isDrawable(key: string): boolean {
  return DRAWABLE.test(key);
}

/**
 * One version's picture, straight from the bucket by a short-lived pre-signed URL (the core
 * caches it, the CSP allows the bucket's endpoint). Anything undrawable or unreachable shows
 * a calm placeholder, never a broken-image glyph.
 */
export function VersionThumbnail({
  objectKey,
  versionId,
  size = 'small',
  alt,
}: {
  objectKey: string;
  versionId: string;
  size?: 'small' | 'large';
  alt: string;
}) {
  if (!isDrawable(objectKey)) {
    return (
      <span className={`thumb thumb--${size} thumb--placeholder`} aria-hidden="true">
        <FileIcon size={size === 'large' ? 40 : 20} />
      </span>
    );
  }
  return <DrawableThumbnail objectKey={objectKey} versionId={versionId} size={size} alt={alt} />;
}

function DrawableThumbnail({
  objectKey,
  versionId,
  size,
  alt,
}: {
  objectKey: string;
  versionId: string;
  size: 'small' | 'large';
  alt: string;
}) {
  const link = useCall('history.thumbnail', { key: objectKey, versionId });
  const [failed, setFailed] = useState<string>();
  const url = link.data?.url;
  if (!url || failed === url) {
    return (
      <span
        className={`thumb thumb--${size} thumb--placeholder`}
        data-state={link.loading ? 'loading' : 'missing'}
        aria-hidden="true"
      >
        <ImageIcon size={size === 'large' ? 40 : 20} />
      </span>
    );
  }
  return (
    <span className={`thumb thumb--${size}`}>
      <img
        src={url}
        alt={alt}
        loading="lazy"
        decoding="async"
        draggable={false}
        onError={() => setFailed(url)}
        data-testid="version-thumbnail"
      />
    </span>
  );
}
