package io.signaling.testing;

import io.signaling.config.ConfigLoader;
import io.signaling.config.ServerConfig;
import io.signaling.main.SignalingNode;
import io.signaling.time.NodeClock;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts real nodes for tests: loopback only, a random cluster name so no two test clusters ever meet. */
public final class TestNodes {

  private TestNodes() {
  }

  /**
   * The per-address limits turned off: tests act as hundreds of clients from one address (127.0.0.1). Tests of
   * those limits set their own, after these.
   */
  public static final List<String> NO_CLIENT_LIMITS = List.of("--max-connections-per-address", "0",
      "--sign-ins-per-address", "0", "--unknown-peers-per-address", "0", "--messages-per-peer", "0");

  public static String randomClusterName() {
    return "test-" + UUID.randomUUID();
  }

  /** A node alone in a fresh cluster, on a free port; extra flags override the test defaults. */
  public static SignalingNode start(String... extraFlags) {
    return startInCluster(randomClusterName(), extraFlags);
  }

  /** A node of the named cluster: nodes started with the same name form one cluster. */
  public static SignalingNode startInCluster(String clusterName, String... extraFlags) {
    return await(SignalingNode.start(config(clusterName, extraFlags)));
  }

  /** A node alone in a fresh cluster, on a clock the test moves. */
  public static SignalingNode start(NodeClock clock, String... extraFlags) {
    return await(SignalingNode.start(config(randomClusterName(), extraFlags), clock));
  }

  /** A future's result, failing the test (not hanging it) if it takes more than a minute. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out", e);
    }
  }

  /**
   * The signaling port comes from {@link Ports}, below the ephemeral range: with {@code --port 0} the node picks a
   * free ephemeral port and binds it a moment later, and in between a client socket of another test could take it
   * ("Address already in use", once in a CI run).
   */
  public static ServerConfig config(String clusterName, String... extraFlags) {
    List<String> flags = new ArrayList<>(List.of(
        "--port", String.valueOf(Ports.free()), "--host", "127.0.0.1", "--http-instances", "2",
        "--management-port", "0", "--management-host", "127.0.0.1", "--drain-delay", "0s", "--shutdown-grace", "1s",
        "--cluster-name", clusterName, "--cluster-host", "127.0.0.1"));
    flags.addAll(NO_CLIENT_LIMITS);
    flags.addAll(List.of(extraFlags));
    return ConfigLoader.load(flags.toArray(String[]::new), Map.of());
  }

  public static void stop(SignalingNode node) {
    if (node != null) {
      await(node.stop());
    }
  }
}
