// Peak resident memory of this process from the moment it is called, sampled (the kernel's own high-water mark would
// include start-up work such as bundling workflows, which a production worker does ahead of time). The breakdown at
// the peak says whether it was the JavaScript heap or buffers outside it.
export function peakRss(intervalMs = 100): { peakMb(): number; atPeak(): Record<string, number> } {
  let peak = process.memoryUsage();
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  }, intervalMs);
  timer.unref();
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  return {
    peakMb: () => mb(Math.max(peak.rss, process.memoryUsage().rss)),
    atPeak: () => ({
      rss: mb(peak.rss),
      heapUsed: mb(peak.heapUsed),
      heapTotal: mb(peak.heapTotal),
      external: mb(peak.external),
      arrayBuffers: mb(peak.arrayBuffers),
    }),
  };
}
