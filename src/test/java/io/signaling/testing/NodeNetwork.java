package io.signaling.testing;

import java.util.List;

/** Where the nodes of a {@link ProcessCluster} live: the address each binds, and how its process is launched. */
public interface NodeNetwork {

  /** The address node {@code index} binds for clients, management and the cluster. */
  String host(int index);

  /** What goes before the node's {@code java} command (entering its network namespace, say); empty for nothing. */
  List<String> launcher(int index);

  /** Every node on 127.0.0.1 of this machine's own network: the default. */
  static NodeNetwork loopback() {
    return new NodeNetwork() {
      @Override
      public String host(int index) {
        return "127.0.0.1";
      }

      @Override
      public List<String> launcher(int index) {
        return List.of();
      }
    };
  }
}
