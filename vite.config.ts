import { defineConfig } from 'vitest/config';

// One config for the app build and for Vitest. Tests live in tests/ and mirror src/.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
