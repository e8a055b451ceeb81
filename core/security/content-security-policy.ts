/** The scheme of the thumbnail protocol (Electron) whose images the renderer may show. */
export const THUMBNAIL_SCHEME = 'copper-thumb';

export interface CspOptions {
  /** Extra connect-src entries, e.g. the web host's own ws:// origin. */
  readonly connectSources?: readonly string[];
  /** Extra img-src entries, e.g. the bucket's endpoint once pre-signed previews land. */
  readonly imageSources?: readonly string[];
}

/**
 * The one Content-Security-Policy both hosts send with the renderer: scripts, styles and
 * fonts only from the app itself, images from the app, the thumbnail protocol and whatever
 * bucket endpoint is passed in, no plugins, frames, forms or base-URI tricks. The built
 * renderer needs no inline script or eval, so none is allowed.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'font-src': ["'self'"],
    'img-src': ["'self'", `${THUMBNAIL_SCHEME}:`, ...(options.imageSources ?? [])],
    'connect-src': ["'self'", ...(options.connectSources ?? [])],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}
