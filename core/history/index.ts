/** The staff's History: the `history.*` handlers on a lazily built, per-account BucketBrowser. */
export { HistoryService, type HistoryServiceDeps } from './history-service';
export { historyHandlers, type HistoryHandlerDeps } from './history-handlers';
export { downloadFileName, reserveDownloadPath } from './download-target';
export { bucketImageSource, AWS_S3_IMAGE_SOURCE, ImageSources } from './image-sources';
export { SharingService, toGalleryShare, type WithApi } from './sharing-service';
