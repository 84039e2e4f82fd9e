import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The SPA is built into web/dist and served by the API process; `npm run dev:web` proxies the API.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://localhost:3000', '/sandbox': 'http://localhost:3000', '/uploads': 'http://localhost:3000' } },
});
