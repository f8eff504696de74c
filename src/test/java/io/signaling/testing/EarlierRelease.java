package io.signaling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server jar of an earlier commit of this repository, built by Maven from that commit's own sources (taken
 * with {@code git archive}), once per build directory: the other side of a mixed-version cluster.
 */
public final class EarlierRelease {

  private static final Path RELEASES = Path.of("target", "releases");

  private EarlierRelease() {
  }

  /** The jar of that commit, built now unless this build directory already has it. */
  public static synchronized Path jar(String commit) {
    Path sources = RELEASES.resolve(commit).toAbsolutePath();
    Path jar = sources.resolve(Path.of("target", "signaling-server.jar"));
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Path log = RELEASES.resolve(commit + ".log").toAbsolutePath();
    try {
      Files.createDirectories(sources);
      run(log, "git", "cat-file", "-e", commit + "^{commit}");
      run(log, "bash", "-c", "git archive --format=tar " + commit + " | tar -x -C '" + sources + "'");
      run(log, "mvn", "-B", "-ntp", "-q", "-Dmaven.test.skip=true", "-f", sources.resolve("pom.xml").toString(),
          "package");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("building " + commit + " left no " + jar + "; see " + log);
    }
    return jar;
  }

  private static void run(Path log, String... command) throws IOException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.toHandle().destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " took over 10 minutes; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (the commit must be in this clone's history: "
          + "not a shallow clone); see " + log);
    }
  }
}
