import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import type { Artwork, ArtworkPage } from '../../shared/models/bucket';
import type { BucketContext } from './bucket-context';
import { toBucketError } from './s3-error';

export interface ListArtworksOptions {
  readonly prefix: string;
  /** The token from the previous page's `nextToken`. */
  readonly pageToken?: string;
  /** At most 1000 (S3's page limit). */
  readonly pageSize?: number;
  /** e.g. '/' to list one "folder" level; sub-folders then come back in `folders`. */
  readonly delimiter?: string;
}

/** One page of current objects under a prefix (ListObjectsV2). */
export async function listArtworksPage(
  ctx: BucketContext,
  options: ListArtworksOptions,
): Promise<ArtworkPage> {
  const pageSize = Math.max(1, Math.min(1000, options.pageSize ?? 1000));
  try {
    const out = await ctx.client.send(
      new ListObjectsV2Command({
        Bucket: ctx.bucket,
        Prefix: options.prefix,
        MaxKeys: pageSize,
        ...(options.pageToken ? { ContinuationToken: options.pageToken } : {}),
        ...(options.delimiter ? { Delimiter: options.delimiter } : {}),
      }),
    );
    const artworks: Artwork[] = (out.Contents ?? []).flatMap((o) =>
      o.Key === undefined
        ? []
        : [
            {
              key: o.Key,
              size: o.Size ?? 0,
              lastModified: (o.LastModified ?? new Date(0)).toISOString(),
              ...(o.ETag ? { etag: o.ETag } : {}),
            },
          ],
    );
    const folders = (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix === undefined ? [] : [p.Prefix]));
    const nextToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    return { artworks, folders, ...(nextToken ? { nextToken } : {}) };
  } catch (err) {
    throw toBucketError(err, `the listing of "${options.prefix}"`);
  }
}

/** Every current object under a prefix, page by page (memory stays one page). */
export async function* listAllArtworks(
  ctx: BucketContext,
  prefix: string,
  pageSize?: number,
): AsyncGenerator<Artwork> {
  let pageToken: string | undefined;
  do {
    const page = await listArtworksPage(ctx, { prefix, pageToken, pageSize });
    yield* page.artworks;
    pageToken = page.nextToken;
  } while (pageToken);
}
