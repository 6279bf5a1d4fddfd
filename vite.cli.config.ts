// The CLI as one Node ES module (dist-cli/cli.mjs), so `coalzone` runs on plain Node without tsx. Built by
// `npm run build:cli`, which `npm ci` / `npm install` run through `prepare`. Runtime dependencies stay
// external (they are the package's `dependencies`); data/zones is read from the package folder at run time.
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  publicDir: false,
  build: {
    ssr: 'src/cli.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    minify: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { entryFileNames: 'cli.mjs', format: 'es' },
    },
  },
});
