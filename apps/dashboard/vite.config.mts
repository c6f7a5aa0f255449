import { resolve } from 'node:path';

import { defineConfig } from 'vite';

const dashboardDir = import.meta.dirname;
const repositoryRoot = resolve(dashboardDir, '../..');

// The dashboard shares the domain rules (wave graph, readiness, tag selectors) with the services,
// so the planner and the editor reject the same plans.
export default defineConfig({
  root: dashboardDir,
  base: '/',
  resolve: {
    alias: {
      '@drs/domain': resolve(repositoryRoot, 'libs/domain/src/index.ts'),
      '@drs/contracts': resolve(repositoryRoot, 'libs/contracts/src/index.ts'),
    },
  },
  build: {
    outDir: resolve(repositoryRoot, 'dist/dashboard'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2_500,
    sourcemap: true,
    rolldownOptions: {
      onLog(level, log, handler) {
        // Cloudscape marks modules 'use client' for React server components; a browser bundle has no use for it.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') {
          return;
        }
        handler(level, log);
      },
    },
  },
  server: {
    // `npm run dashboard:dev` for development against a running gateway.
    proxy: {
      '/api': process.env.DASHBOARD_API_URL ?? 'http://127.0.0.1:3000',
      '/socket.io': { target: process.env.DASHBOARD_API_URL ?? 'http://127.0.0.1:3000', ws: true },
    },
  },
});
