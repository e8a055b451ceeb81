import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseName, crumbs, shortVersion } from '../../renderer/views/history/history-format';
import { formatBytes } from '../../shared/format-bytes';
import { AWS_S3_IMAGE_SOURCE, ImageSources, bucketImageSource } from '../../core/history/image-sources';

describe('History breadcrumbs and names', () => {
  it("starts at the person's root and names each level", () => {
    expect(crumbs('artists/', 'artists/')).toEqual([{ label: 'All artists', prefix: 'artists/' }]);
    expect(crumbs('artists/', 'artists/ada/2024/')).toEqual([
      { label: 'All artists', prefix: 'artists/' },
      { label: 'ada', prefix: 'artists/ada/' },
      { label: '2024', prefix: 'artists/ada/2024/' },
    ]);
    expect(crumbs('artists/ada/', 'artists/ada/series/')).toEqual([
      { label: 'ada', prefix: 'artists/ada/' },
      { label: 'series', prefix: 'artists/ada/series/' },
    ]);
    expect(crumbs('', 'artists/')).toEqual([
      { label: 'Bucket', prefix: '' },
      { label: 'artists', prefix: 'artists/' },
    ]);
    // A prefix outside the root (never offered) collapses to the root rather than inventing levels.
    expect(crumbs('artists/ada/', 'outside/')).toEqual([{ label: 'ada', prefix: 'artists/ada/' }]);
    // An artist's History names their root in words, and nothing above it.
    expect(crumbs('artists/ada/', 'artists/ada/series/', 'My artworks')).toEqual([
      { label: 'My artworks', prefix: 'artists/ada/' },
      { label: 'series', prefix: 'artists/ada/series/' },
    ]);
  });

  it('shows names, sizes and version ids briefly', () => {
    expect(baseName('artists/ada/harbour at dusk.png')).toBe('harbour at dusk.png');
    expect(baseName('artists/ada/')).toBe('ada');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(3456)).toBe('3.5 KB');
    expect(formatBytes(12_500_000)).toBe('13 MB');
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
    expect(shortVersion('null')).toBe('null');
    expect(shortVersion('3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')).toBe('…d3dIbrHY');
  });
});

describe('image sources for the CSP', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("allows AWS always, and remembers a custom endpoint's origin in the data folder", () => {
    const dir = mkdtempSync(join(tmpdir(), 'copper-img-src-'));
    dirs.push(dir);
    expect(bucketImageSource(undefined)).toBe(AWS_S3_IMAGE_SOURCE);
    expect(bucketImageSource('http://127.0.0.1:7480/some/path')).toBe('http://127.0.0.1:7480');
    const first = new ImageSources(dir);
    expect(first.list()).toEqual([AWS_S3_IMAGE_SOURCE]);
    first.learn('https://s3.gallery.example:8443');
    first.learn(undefined);
    expect(new ImageSources(dir).list()).toEqual([AWS_S3_IMAGE_SOURCE, 'https://s3.gallery.example:8443']);
  });

  it('ignores a tampered file: nothing but origins reaches the CSP', () => {
    const dir = mkdtempSync(join(tmpdir(), 'copper-img-src-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'image-sources.json'),
      JSON.stringify(["'unsafe-inline'", 'https://ok.example', 'data:', 'https://x.example; script-src *']),
    );
    expect(new ImageSources(dir).list()).toEqual([AWS_S3_IMAGE_SOURCE, 'https://ok.example']);
  });
});
