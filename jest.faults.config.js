// `npm run test:faults`: the desk under faults (a killed process, PostgreSQL stopped, Temporal restarted, the
// relay down) during a burst of mail, with our system as real processes from `npm run build`. One suite at a
// time: each starts servers of its own, and the cases are about what survives, not about speed.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  transform,
  testEnvironment: 'node',
  testTimeout: 600000,
  maxWorkers: 1,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
