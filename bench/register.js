// Runs the TypeScript benchmarks without a build step: each required .ts file is compiled in memory
// with @swc/core, as jest does for the tests. Usage: node -r ./bench/register.js bench/schedule.ts
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

process.setSourceMapsEnabled(true);

require.extensions['.ts'] = (tsModule, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  tsModule._compile(code, filename);
};
