/** Every AWS S3 endpoint (virtual-hosted and path-style, any region). */
export const AWS_S3_IMAGE_SOURCE = 'https://*.amazonaws.com';

/**
 * The CSP img-src entry that lets the renderer show pre-signed thumbnails straight from the
 * bucket: the endpoint's origin (scheme://host:port, no path), or AWS when there is none.
 */
export function bucketImageSource(endpoint: string | undefined): string {
  if (!endpoint) return AWS_S3_IMAGE_SOURCE;
  try {
    return new URL(endpoint).origin;
  } catch {
    return AWS_S3_IMAGE_SOURCE;
  }
}
