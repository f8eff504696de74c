package io.signaling.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Short commands a test runs to its end (ip, iptables, kill, promtool): their output, or a failure that shows it. */
public final class Commands {

  private static final long TIMEOUT_SECONDS = 60;

  private Commands() {
  }

  /** Runs the command; fails unless it exits 0 within a minute. Returns what it wrote to stdout and stderr. */
  public static String run(String... command) {
    return run(null, List.of(command));
  }

  /** The same in {@code directory} (null: this process's own). */
  public static String run(Path directory, List<String> command) {
    try {
      Process process = new ProcessBuilder(command).directory(directory == null ? null : new File(directory.toString()))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish: " + output.strip());
      }
      if (process.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
            + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
