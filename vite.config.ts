import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The renderer only. Main and preload are bundled by scripts/build-electron.mjs (esbuild),
// so this config never sees Node code. `base: './'` keeps asset URLs relative, which works
// under the app:// protocol, the web host and a packaged file alike.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome128',
    sourcemap: true,
    // Inline data: URLs would need `data:` in the CSP; keep every asset a file.
    assetsInlineLimit: 0,
  },
});
