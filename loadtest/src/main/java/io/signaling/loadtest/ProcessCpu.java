package io.signaling.loadtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time server processes have used, from {@code /proc/<pid>/stat} (utime + stime, all threads): what a
 * server spends, whatever its language or threads, read the same way for a node and for the reference server.
 */
final class ProcessCpu {

  private final List<Long> pids;
  private final long ticksPerSecond = clockTicks();

  ProcessCpu(List<Long> pids) {
    this.pids = List.copyOf(pids);
  }

  boolean isKnown() {
    return !pids.isEmpty();
  }

  /** The CPU time of every process so far, in seconds. */
  double seconds() {
    long ticks = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime: fields 14 and 15
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException("cannot read the CPU time of server process " + pid, e);
      }
    }
    return (double) ticks / ticksPerSecond;
  }

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      getconf.waitFor(10, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }
}
