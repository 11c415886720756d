import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// base './' keeps every URL relative, so the built folder works from any static host or sub-path.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        article: resolve(import.meta.dirname, 'index.html'),
        playground: resolve(import.meta.dirname, 'playground.html'),
        data: resolve(import.meta.dirname, 'data.html'),
        quiz: resolve(import.meta.dirname, 'quiz.html'),
      },
    },
  },
  worker: { format: 'es' },
});
