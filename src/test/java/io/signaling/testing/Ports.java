package io.signaling.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports below the ephemeral range (32768-60999), so no client socket of the tests can take them, and never
 * one handed out before in this JVM: a cluster's ports are all drawn before its nodes start, and two of them the
 * same would fail a node with "Address already in use".
 */
public final class Ports {

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private Ports() {
  }

  public static int free() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket probe = new ServerSocket()) {
        probe.bind(new InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port found");
  }
}
