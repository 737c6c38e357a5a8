// Peak resident memory of this process from the moment it is called, sampled (the kernel's own high-water mark would
// include start-up work such as bundling workflows, which a production worker does ahead of time).

export function peakRss(intervalMs = 200): { peakMb(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, intervalMs);
  timer.unref();
  return { peakMb: () => Math.max(peak, process.memoryUsage().rss) / 1024 / 1024 };
}
