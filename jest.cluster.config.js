// `npm run test:cluster`: the scale-out test on a real Temporal cluster on PostgreSQL (bin/cluster-install.sh
// builds it when missing), with our system as separate processes from `npm run build`. Minutes, not seconds.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'cluster',
  testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
  transform,
  testEnvironment: 'node',
  testTimeout: 600000,
  reporters: ['default', '<rootDir>/test/support/summaryReporter.js'],
};
