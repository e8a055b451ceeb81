/** The bucket-browsing core: what the History view, the web host and the CLI call. */
export { BucketBrowser, createBucketBrowser, type BucketBrowserDeps } from './bucket-browser';
export { PresignCache, type PresignCacheOptions } from './presign-cache';
export { ApiLinkSigner, type PresignCall } from './api-link-signer';
export {
  S3LinkSigner,
  checkLinkLifetime,
  type LinkSigner,
  type LinkRequest,
  type SignedLink,
} from './link-signer';
export { UPLOADED_BY_META, RESTORED_FROM_META } from './list-versions';
export type { Clock } from './bucket-context';
export { UsageTally, artistOf, storageUsage, type VersionsPage } from './storage-usage';
export {
  DEFAULT_STORAGE_PRICES,
  STORAGE_PRICES_ENV,
  storagePrices,
  type StoragePrices,
} from './storage-prices';
