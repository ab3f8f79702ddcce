/** Runs `work` while sampling the process's memory; returns its duration and the peaks above the start. */
export async function measured<T>(work: () => Promise<T>) {
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
  }, 20);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
  return {
    result,
    ms,
    peakRssMb: (peakRss - base.rss) / 2 ** 20,
    peakHeapMb: (peakHeap - base.heapUsed) / 2 ** 20,
  };
}
