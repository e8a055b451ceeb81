import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../hosts/cli/duration';
import { defaultDataDir } from '../../core/app/data-dir';
import { readDirectConfig } from '../../hosts/cli/direct-config';
import { formatEta, table } from '../../hosts/cli/format';
import { formatBytes } from '../../shared/format-bytes';
import { ProgressBar } from '../../hosts/cli/progress-bar';
import { joinStringValues } from '../../hosts/cli/run-cli';
import { copySource } from '../../core/bucket/copy-source';

describe('CLI pure helpers', () => {
  it('parses durations and refuses nonsense', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('1h')).toBe(3600);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('7d')).toBe(604800);
    expect(parseDuration('3600')).toBe(3600);
    for (const bad of ['', 'h', '1y', '1h 30m', '-5m', '1.5h'])
      expect(() => parseDuration(bad)).toThrow(/not a duration/);
  });

  it("finds the desktop app's user-data folder per OS", () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/Copper');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/Copper');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/Copper');
    expect(defaultDataDir('win32', { APPDATA: 'C:/Users/ann/AppData/Roaming' }, 'C:/Users/ann')).toMatch(
      /AppData[\\/]Roaming[\\/]Copper$/,
    );
  });

  it('reads direct mode from the standard AWS variables', () => {
    expect(readDirectConfig({})).toBeUndefined();
    expect(
      readDirectConfig(
        {
          COPPER_BUCKET: 'gallery',
          COPPER_PREFIX: 'artists/ann/',
          AWS_ACCESS_KEY_ID: 'AK',
          AWS_SECRET_ACCESS_KEY: 'SK',
          AWS_SESSION_TOKEN: 'ST',
          AWS_ENDPOINT_URL: 'http://general:1',
          AWS_ENDPOINT_URL_S3: 'https://s3.example:9000',
          AWS_REGION: 'eu-west-1',
          COPPER_UPLOADED_BY: 'ingest-bot',
        },
        () => 'osuser',
      ),
    ).toEqual({
      target: {
        bucket: 'gallery',
        prefix: 'artists/ann/',
        region: 'eu-west-1',
        endpoint: 'https://s3.example:9000',
        uploadedBy: 'ingest-bot',
      },
      credential: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' },
    });
    expect(
      readDirectConfig(
        {
          COPPER_BUCKET: 'g',
          AWS_ACCESS_KEY_ID: 'AK',
          AWS_SECRET_ACCESS_KEY: 'SK',
          AWS_ENDPOINT_URL: 'http://h:1',
        },
        () => 'osuser',
      )?.target,
    ).toEqual({ bucket: 'g', prefix: '', region: 'us-east-1', endpoint: 'http://h:1', uploadedBy: 'osuser' });
    expect(
      readDirectConfig(
        { COPPER_BUCKET: 'g', AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' },
        () => undefined,
      )?.target.uploadedBy,
    ).toBeUndefined();
    expect(() => readDirectConfig({ COPPER_BUCKET: 'g', AWS_ACCESS_KEY_ID: 'AK' })).toThrow(
      /AWS_SECRET_ACCESS_KEY/,
    );
  });

  it('formats sizes, times and tables (Unicode-aware columns)', () => {
    // One formatter for the CLI and the app (shared/format-bytes.ts): decimal, as desktops show sizes.
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1000 * 1000)).toBe('20 MB');
    expect(formatEta(undefined)).toBe('--:--');
    expect(formatEta(3725)).toBe('1:02:05');
    expect(
      table([
        ['A', 'B', 'C'],
        ['Café', 'x', 'end'],
        ['ab', 'yy', ''],
      ]),
    ).toBe('A     B   C\nCafé  x   end\nab    yy\n');
  });

  it('draws one self-overwriting progress line that fits the terminal', () => {
    let out = '';
    const bar = new ProgressBar({
      write: (t: string) => {
        out += t;
      },
      columns: 60,
    });
    bar.update({ files: [], overall: { bytes: 500_000, total: 1_000_000, rate: 1000, etaSeconds: 512 } }, 2);
    expect(out.startsWith('\r[')).toBe(true);
    expect(out).toContain(' 50% 500 KB/1.0 MB');
    expect(out.replaceAll('\r', '').replaceAll('\x1b[K', '').length).toBeLessThan(60);
    bar.finish();
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('encodes a copy source per path segment', () => {
    expect(copySource('b', 'artists/a/Café +x?.jpg', 'v/1')).toBe(
      'b/artists/a/Caf%C3%A9%20%2Bx%3F.jpg?versionId=v%2F1',
    );
  });
  it('takes a version id that starts with a dash as the value of --version', () => {
    const options = { version: { type: 'string' }, json: { type: 'boolean' } } as const;
    expect(joinStringValues(options, ['k', '--version', '-Ab3', '--json'])).toEqual([
      'k',
      '--version=-Ab3',
      '--json',
    ]);
    expect(joinStringValues(options, ['--version', '--json'])).toEqual(['--version', '--json']);
    expect(joinStringValues(options, ['--json', '-x'])).toEqual(['--json', '-x']);
  });
});
