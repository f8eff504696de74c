package io.signaling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes in network namespaces of their own, as pods have: each node has its own network stack and one address on
 * a bridge in the namespace of this JVM, where the balancer and the clients run. Rules in one node's namespace can
 * then cut it off from the other nodes, by address, while the balancer still reaches it: a network partition.
 *
 * <p>It changes the network of the namespace it runs in (a bridge, addresses), so it runs only in a network
 * namespace made for it ({@link FaultDrill} runs itself under {@code unshare --net}), never in the machine's own.
 * Needs root there, {@code ip}, {@code nsenter} and {@code iptables} (installed by {@code .ci/install-deps}).
 */
public final class NodeNamespaces implements NodeNetwork, AutoCloseable {

  private static final String BRIDGE = "signal0";
  /** This namespace is .1 on the bridge; node i is .(11 + i). Private addresses, inside these namespaces only. */
  private static final String SUBNET = "10.77.0.";

  private final List<Process> holders = new ArrayList<>();

  private NodeNamespaces() {
  }

  /** Makes the bridge and one namespace per node, each with its address on the bridge. */
  public static NodeNamespaces create(int nodes) {
    NodeNamespaces namespaces = new NodeNamespaces();
    try {
      String own = namespaceOf(Path.of("/proc/self/ns/net"));
      Commands.run("ip", "link", "set", "lo", "up");
      Commands.run("ip", "link", "add", BRIDGE, "type", "bridge");
      Commands.run("ip", "addr", "add", SUBNET + "1/24", "dev", BRIDGE);
      Commands.run("ip", "link", "set", BRIDGE, "up");
      for (int i = 0; i < nodes; i++) {
        // The holder keeps the namespace alive; the node is started in it with nsenter. Bounded: a drill is minutes.
        Process holder = new ProcessBuilder("unshare", "--net", "sleep", "3600").start();
        namespaces.holders.add(holder);
        Path netns = Path.of("/proc", String.valueOf(holder.pid()), "ns", "net");
        Conditions.await("namespace of node " + i, () -> !namespaceOf(netns).equals(own));
        String veth = "node" + i;
        Commands.run("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0",
            "netns", String.valueOf(holder.pid()));
        Commands.run("ip", "link", "set", veth, "master", BRIDGE);
        Commands.run("ip", "link", "set", veth, "up");
        namespaces.inNode(i, "ip", "link", "set", "lo", "up");
        namespaces.inNode(i, "ip", "addr", "add", namespaces.host(i) + "/24", "dev", "eth0");
        namespaces.inNode(i, "ip", "link", "set", "eth0", "up");
      }
      return namespaces;
    } catch (IOException e) {
      namespaces.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | AssertionError e) {
      namespaces.close();
      throw e;
    }
  }

  @Override
  public String host(int index) {
    return SUBNET + (11 + index);
  }

  @Override
  public List<String> launcher(int index) {
    return List.of("nsenter", "--net=/proc/" + holders.get(index).pid() + "/ns/net", "--");
  }

  /** Drops every packet between the node and each of the others, both ways; the balancer still reaches them all. */
  public void cutOff(int node, List<Integer> others) {
    for (int other : others) {
      inNode(node, "iptables", "-A", "INPUT", "-s", host(other), "-j", "DROP");
      inNode(node, "iptables", "-A", "OUTPUT", "-d", host(other), "-j", "DROP");
    }
  }

  /** Lifts every rule of {@link #cutOff} from the node. */
  public void heal(int node) {
    inNode(node, "iptables", "-F", "INPUT");
    inNode(node, "iptables", "-F", "OUTPUT");
  }

  private static String namespaceOf(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void inNode(int index, String... command) {
    List<String> entered = new ArrayList<>(launcher(index));
    entered.addAll(List.of(command));
    Commands.run(entered.toArray(String[]::new));
  }

  @Override
  public void close() {
    holders.forEach(Process::destroyForcibly);
  }
}
