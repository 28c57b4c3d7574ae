import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from '../../scripts/vite-precompress';

// In development the API runs on :3000 and is proxied, so cookies stay same-origin.
const api = { target: 'http://localhost:3000', changeOrigin: false };

export default defineConfig({
  base: '/',
  plugins: [react(), precompress()],
  server: { port: 5173, strictPort: true, proxy: { '/trpc': api, '/api': api, '/media': api } },
  build: { outDir: 'dist', emptyOutDir: true },
});
