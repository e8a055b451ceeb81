/**
 * The `x-amz-copy-source` value for one version: bucket and key URL-encoded per path segment
 * (S3 decodes it, so `/` stays a separator while spaces, `+`, `?`, `#` and Unicode survive).
 */
export function copySource(bucket: string, key: string, versionId: string): string {
  const path = [bucket, ...key.split('/')].map(encodeURIComponent).join('/');
  return `${path}?versionId=${encodeURIComponent(versionId)}`;
}
