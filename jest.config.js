// Jest runs TypeScript through ts-jest's ESM preset (transpile only: `npm run typecheck` is the type gate).
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true, diagnostics: false }],
  },
  testTimeout: 30000,
  // Behaviour tests start servers and child processes; two workers fit the 2-core machines.
  maxWorkers: 2,
};
