import { describe, expect, it } from 'vitest';
import { cpuSpent, processCpuMs } from '../../bench/process-cpu.js';

describe('process CPU from /proc', () => {
  it.runIf(process.platform === 'linux')('reads this process, and counts work done between two reads', () => {
    const spent = cpuSpent({ self: process.pid });
    const until = process.cpuUsage().user + 60_000; // 60 ms of this thread's CPU, whatever the clock
    let x = 0;
    while (process.cpuUsage().user < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    // /proc counts in 10 ms ticks: the 60 ms spent show as 50 ms or more.
    expect(spent().self).toBeGreaterThanOrEqual(50);
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
  });

  it('a process that does not exist reads as unknown, not as zero', () => {
    // Above the kernel's largest pid (2^22), so never a live process.
    expect(processCpuMs(5_000_000)).toBeUndefined();
    expect(cpuSpent({ gone: 5_000_000, none: undefined })()).toEqual({ gone: undefined, none: undefined });
  });
});
