import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// `electron-builder --dir` cannot run here (it downloads Electron), so the packaging is
// checked where it is declared: electron-builder.yml, package.json and package-lock.json.
const root = join(import.meta.dirname, '..', '..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  icon: string;
  electronFuses: Record<string, boolean>;
  linux: { target: Target[] };
  mac: { target: Target[]; extendInfo: Record<string, string>; identity?: unknown };
  win: { target: Target[] };
  deb?: { depends?: unknown };
}
interface LockEntry {
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  hasInstallScript?: boolean;
}

const config = parse(read('electron-builder.yml')) as BuilderConfig;
const pkg = JSON.parse(read('package.json')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
/** The native packages the Electron bundles leave external (scripts/build-electron.mjs). */
const nativeRuntime = ['sharp', '@napi-rs/keyring'];

/** Lock keys (node_modules/…) of `names` and everything they depend on, resolved as Node does. */
function closure(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack: [string, string][] = names.map((n) => ['', n]);
  while (stack.length) {
    const [from, name] = stack.pop()!;
    let dir = from;
    let key: string | undefined;
    for (;;) {
      const k = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[k]) {
        key = k;
        break;
      }
      if (!dir) break;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const e = lock.packages[key]!;
    for (const d of Object.keys({ ...e.dependencies, ...e.optionalDependencies })) stack.push([key, d]);
  }
  return seen;
}
const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
const excluded = (path: string) =>
  config.files.some((p) => p.startsWith('!') && matchesGlob(path, p.slice(1)));
const unpacked = (path: string) => config.asarUnpack.some((p) => matchesGlob(path, p));

/** Bare package names a folder's sources import. */
function importsOf(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|tsx|mjs)$/.test(e.name))
        for (const m of read(p).matchAll(/(?:from|import)\s*\(?\s*'([^'.][^']*)'/g)) {
          const spec = m[1]!;
          if (spec.startsWith('node:')) continue;
          out.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
        }
    }
  };
  walk(dir);
  return out;
}

describe('electron-builder.yml', () => {
  it("leaves the deb's dependencies to electron-builder (its list has GTK, NSS, libnotify, libsecret…)", () => {
    expect(config.deb?.depends).toBeUndefined();
  });

  it('sets the fuses: no RunAsNode, NODE_OPTIONS or inspect flags; asar integrity, asar only, cookie encryption', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      resetAdHocDarwinSignature: true,
    });
  });

  it('builds a deb (first) and an AppImage for Linux x64, dmg + zip for both Mac archs, NSIS for Windows x64', () => {
    const archs = (ts: Target[]) => Object.fromEntries(ts.map((t) => [t.target, t.arch]));
    expect(config.linux.target.map((t) => t.target)).toEqual(['deb', 'AppImage']);
    expect(archs(config.linux.target)).toEqual({ deb: ['x64'], AppImage: ['x64'] });
    expect(archs(config.mac.target)).toEqual({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] });
    expect(archs(config.win.target)).toEqual({ nsis: ['x64'] });
  });

  it('asks macOS for folder access in words, and does not switch signing off for signed builds', () => {
    for (const k of [
      'NSDesktopFolderUsageDescription',
      'NSDocumentsFolderUsageDescription',
      'NSDownloadsFolderUsageDescription',
      'NSRemovableVolumesUsageDescription',
    ])
      expect(config.mac.extendInfo[k], k).toMatch(/^Copper .{20,}/);
    expect(config.mac.identity).toBeUndefined();
  });

  it('has an icon electron-builder can turn into .icns and .ico (a square PNG of at least 512 px)', async () => {
    const meta = await sharp(join(root, config.icon)).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(meta.height);
    expect(meta.width).toBeGreaterThanOrEqual(512);
  });

  it('unpacks every native package of every platform from the asar, and ships them', () => {
    const natives = [...closure(nativeRuntime)]
      .map(nameOf)
      .filter((n) => n === 'sharp' || n.startsWith('@img/sharp-') || n.startsWith('@napi-rs/keyring'));
    expect(natives.length).toBeGreaterThan(10); // every os/arch prebuild is in the lock
    for (const n of natives) {
      expect(unpacked(`node_modules/${n}/lib/binding.node`), n).toBe(true);
      expect(excluded(`node_modules/${n}/package.json`), n).toBe(false);
    }
    expect(unpacked('node_modules/react/index.js')).toBe(false);
  });
});

/** Tools that must never reach the desktop package or production installs. */
const devTools = [
  '@doyensec/electronegativity',
  'eslint',
  'typescript',
  'vitest',
  'vite',
  'electron-builder',
  'playwright-core',
  'prettier',
];

// `npm audit --omit=dev` needs the registry's audit endpoint (not reachable from every
// machine; the release workflow runs it). What is checked here, from the lock: the set of
// production packages, and that the desktop package takes only its bundles from it.
describe('nothing dev-only ships', () => {
  const prod = closure(Object.keys(pkg.dependencies));

  it('the package takes only the bundles and package.json from the tree (node_modules: production only)', () => {
    expect(config.files.filter((p) => !p.startsWith('!'))).toEqual([
      'dist/electron/**',
      'dist/renderer/**',
      'package.json',
    ]);
    expect(Object.keys(pkg.dependencies).filter((d) => d in pkg.devDependencies)).toEqual([]);
  });

  it('no production dependency pulls in a package npm marks dev-only', () => {
    expect(prod.size).toBeGreaterThan(20);
    expect([...prod].filter((k) => lock.packages[k]?.dev)).toEqual([]);
  });

  it("electronegativity's own old eslint and typescript are dev-only and reach no production install", () => {
    const own = [
      'node_modules/@doyensec/electronegativity',
      'node_modules/@doyensec/electronegativity/node_modules/eslint',
      'node_modules/@doyensec/electronegativity/node_modules/typescript',
    ];
    for (const k of own) {
      expect(lock.packages[k]?.dev, `${k} is dev-only`).toBe(true);
      expect(prod.has(k), `${k} is installed in production`).toBe(false);
    }
    for (const t of devTools) expect(prod.has(`node_modules/${t}`), `${t} in production`).toBe(false);
  });

  it('esbuild is in production only as tsx’s (the API runs TypeScript with it), never in the desktop package', () => {
    const withoutTsx = closure(Object.keys(pkg.dependencies).filter((d) => d !== 'tsx'));
    expect(withoutTsx.has('node_modules/esbuild')).toBe(false);
    expect(closure(['tsx']).has('node_modules/esbuild')).toBe(true);
    expect(pkg.scripts.api).toContain('tsx');
    for (const n of ['tsx', 'esbuild', '@esbuild/linux-x64'])
      expect(excluded(`node_modules/${n}/index.js`), `${n} ships in the desktop package`).toBe(true);
  });
});

describe('package.json for the desktop package', () => {
  it('has no dependency the bundles already include, except the Copper API’s, which the package leaves out', async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['electron/main.ts', 'electron/preload.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node24',
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['electron', ...nativeRuntime],
    });
    const bundled = new Set(
      Object.keys(result.metafile.inputs)
        .filter((f) => f.includes('node_modules/'))
        .map((f) => {
          const rest = f.split('node_modules/').pop()!;
          return rest.startsWith('@') ? rest.split('/').slice(0, 2).join('/') : rest.split('/')[0]!;
        }),
    );
    const server = importsOf('server');
    for (const r of importsOf('renderer'))
      expect(pkg.dependencies, `${r} is bundled by Vite`).not.toHaveProperty(r);
    for (const dep of Object.keys(pkg.dependencies)) {
      if (nativeRuntime.includes(dep)) continue;
      // Heroku installs only `dependencies`: what the API imports stays there…
      expect(
        server.has(dep) || dep === 'tsx',
        `${dep}: bundled or unused by the desktop, not the API's`,
      ).toBe(true);
      // …and stays out of the desktop package, with everything it pulls in.
      for (const key of closure([dep])) {
        const n = nameOf(key);
        if (closure(nativeRuntime).has(key)) continue;
        expect(
          excluded(`node_modules/${n}/index.js`),
          `${n} (from ${dep}) ships in the desktop package`,
        ).toBe(true);
      }
    }
    expect(bundled.size).toBeGreaterThan(0);
    expect([...bundled].filter((b) => nativeRuntime.includes(b))).toEqual([]);
    // Build and check tools never end up inside the desktop's own code either.
    expect([...bundled].filter((b) => devTools.includes(b))).toEqual([]);
  }, 60_000);

  it('has no native module that needs a rebuild per runtime: every addon is N-API, nothing compiles at install', () => {
    expect(pkg.scripts.dist).not.toContain('install-app-deps');
    expect(config.npmRebuild).toBe(false);
    const prod = closure(Object.keys(pkg.dependencies));
    // What the desktop ships runs nothing at install; nothing in production compiles an addon
    // (esbuild, tsx's, only checks its prebuilt executable at install).
    for (const key of closure(nativeRuntime))
      expect(lock.packages[key]?.hasInstallScript, `${key} runs an install script`).toBeFalsy();
    for (const key of prod)
      expect(existsSync(join(root, key, 'binding.gyp')), `${key} builds from source`).toBe(false);
    for (const name of ['better-sqlite3', 'sqlite3', 'keytar', 'libsql'])
      expect(prod).not.toContain(`node_modules/${name}`);
    // The addons installed here: N-API ones register through napi_register_module_v1; a V8-ABI
    // addon (better-sqlite3's kind) exports node_register_module_v<ABI> and loads in one runtime only.
    const addons: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.node')) addons.push(p);
      }
    };
    for (const key of prod) if (existsSync(join(root, key))) walk(join(root, key));
    expect(addons.length).toBeGreaterThanOrEqual(2); // sharp's and the keyring's, for this machine
    for (const a of addons) {
      const bin = readFileSync(a).toString('latin1');
      expect(bin.includes('napi_register_module_v1'), `${a} is not N-API`).toBe(true);
      expect(bin.includes('node_register_module_v'), `${a} binds to one Node ABI`).toBe(false);
    }
  });
});
