// Opt-in for bench:scale (node -r ./bench/memoryReport.js): every 5 s each thread of the process (the main one
// and the Temporal SDK's workflow threads: -r runs in worker threads too) writes its V8 heap and the process's
// RSS as one JSON line to stderr, so that the bench can tell the JavaScript heaps from the rest of the RSS.
const { isMainThread, threadId } = require('node:worker_threads');
const { setInterval } = require('node:timers');

const MB = 2 ** 20;
setInterval(() => {
  const memory = process.memoryUsage();
  const report = {
    thread: isMainThread ? 'main' : `worker ${threadId}`,
    rssMb: memory.rss / MB,
    heapTotalMb: memory.heapTotal / MB,
    heapUsedMb: memory.heapUsed / MB,
    externalMb: memory.external / MB,
  };
  process.stderr.write(`${JSON.stringify({ memoryReport: report })}\n`);
}, 5000).unref();
