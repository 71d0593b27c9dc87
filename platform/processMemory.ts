// How our Node processes are started so that they hold less memory, for every launcher that spawns one (the
// cluster runner, the benchmarks, the tests' child processes). package.json's `start` script and the Dockerfile
// say the same in their own syntax: keep the three in step.
//
// - MALLOC_ARENA_MAX=2: glibc gives each thread that allocates its own arena, and the worker has many threads
//   (the SDK's Rust core, the workflow thread, libuv's pool); two arenas held 26–33 MB less in bench:scale.
// - --max-semi-space-size=4 (MB): V8's young generation, per isolate, at 4 MB instead of 16; scavenges run more
//   often and nothing fails when the heap grows (unlike an old-space cap, which turns a burst into a crash).
// Measured together (bench:scale, 500 tickets, dev server): the worker 305 MB after seeding instead of 361, with
// the same tickets/s (BENCHMARKS.md).
export const memoryNodeArgs: readonly string[] = ['--max-semi-space-size=4'];
export const memoryEnv: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
