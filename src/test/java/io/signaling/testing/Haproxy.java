package io.signaling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real HAProxy from Debian, configured from the project's own template, in front of the given nodes. */
public final class Haproxy implements AutoCloseable {

  private static final Path TEMPLATE = Path.of("src", "main", "haproxy", "haproxy.cfg.in");

  /** A node as HAProxy sees it: its address, its signaling port and its management (health) port. */
  public record Backend(String host, int port, int managementPort) {
  }

  private final int port = Ports.free();
  private final Process process;

  private Haproxy(Path logs, List<Backend> backends) throws IOException {
    Files.createDirectories(logs);
    StringBuilder servers = new StringBuilder();
    for (int i = 0; i < backends.size(); i++) {
      Backend backend = backends.get(i);
      servers.append("    server node").append(i).append(' ').append(backend.host()).append(':').append(backend.port())
          .append(" check port ").append(backend.managementPort()).append('\n');
    }
    String config = Files.readString(TEMPLATE)
        .replace("@LISTEN@", "127.0.0.1:" + port)
        .replaceAll("(?m)^@SERVERS@$", servers.toString().stripTrailing());
    Path file = logs.resolve("haproxy.cfg");
    Files.writeString(file, config);
    Path log = logs.resolve("haproxy.log");
    process = new ProcessBuilder("haproxy", "-f", file.toString()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    WireClient client = client();
    Conditions.await("HAProxy routes requests", () -> {
      if (!process.isAlive()) {
        throw new AssertionError("haproxy exited; see " + log);
      }
      try {
        return client.exchange("OPTIONS / HTTP/1.0\r\n\r\n").status() == 200;
      } catch (UncheckedIOException notYet) {
        return false;
      }
    });
  }

  /** Starts HAProxy and waits until it routes requests to the nodes. */
  public static Haproxy start(Path logs, List<Backend> backends) {
    try {
      return new Haproxy(logs, backends);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the nodes through the balancer. */
  public WireClient client() {
    return new WireClient(port);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

}
