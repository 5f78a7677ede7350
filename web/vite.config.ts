import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

/** Dev: `npm run dev -w web` with the server on :3000 (`npm start`); the API and the socket are proxied. */
const target = process.env.FLOORPULSE_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  // Into the app's dist/ beside the compiled server (npm run build): one folder holds the whole build.
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': target,
      '/socket.io': { target, ws: true },
    },
  },
});
