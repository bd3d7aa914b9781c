/**
 * Builds the sidebar (app/) into assets/: assets/iframe.html plus its bundle under
 * assets/app/, with relative URLs so it works from Zendesk's CDN, zcli and the sandbox's
 * local agent view alike. The committed logos in assets/ are never deleted (emptyOutDir: false).
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const appDir = fileURLToPath(new URL('./app', import.meta.url));
const assetsDir = fileURLToPath(new URL('./assets', import.meta.url));

/** Remove the previous build's output (only assets/app/ and assets/iframe.html), so old bundles do not pile up. */
function cleanPreviousBuild(): Plugin {
  return {
    name: 'tierwise-clean-previous-build',
    apply: 'build',
    buildStart() {
      rmSync(`${assetsDir}/app`, { recursive: true, force: true });
      rmSync(`${assetsDir}/iframe.html`, { force: true });
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
