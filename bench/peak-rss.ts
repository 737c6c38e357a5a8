// Peak resident memory of this process: sampled, and checked against the kernel's own high-water mark.
import { resourceUsage } from 'node:process';

export function peakRss(intervalMs = 200): { peakMb(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, intervalMs);
  timer.unref();
  return { peakMb: () => Math.max(peak, resourceUsage().maxRSS * 1024) / 1024 / 1024 };
}
