/**
 * Builds the app (app/) into assets/: assets/iframe.html plus its bundle under assets/app/,
 * with relative URLs so it works from Zendesk's CDN, zcli and the sandbox's local agent view
 * alike. One page serves every location; the service dashboard and the top bar's summary are
 * chunks loaded on demand (app/locations/index.ts), so the sidebars never download chart code.
 * No module-preload helper: those chunks load only in their own locations. The committed logos
 * and icons in assets/ are never deleted (emptyOutDir: false).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const appDir = fileURLToPath(new URL('./app', import.meta.url));
const assetsDir = fileURLToPath(new URL('./assets', import.meta.url));

/** Remove the previous build's output (only app/ and iframe.html in the output folder), so old bundles do not pile up. */
function cleanPreviousBuild(): Plugin {
  let outDir = assetsDir;
  return {
    name: 'tierwise-clean-previous-build',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    buildStart() {
      rmSync(`${outDir}/app`, { recursive: true, force: true });
      rmSync(`${outDir}/iframe.html`, { force: true });
    },
  };
}

export default defineConfig({
  root: appDir,
  base: './',
  plugins: [react(), cleanPreviousBuild()],
  publicDir: false,
  build: {
    outDir: assetsDir,
    emptyOutDir: false,
    assetsDir: 'app',
    target: 'es2022',
    sourcemap: false,
    modulePreload: false,
    rollupOptions: { input: fileURLToPath(new URL('./app/iframe.html', import.meta.url)) },
  },
});
