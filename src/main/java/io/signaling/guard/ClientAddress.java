package io.signaling.guard;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who a client is, for the per-address limits: its IPv4 address, or the /64 network of its IPv6 address. One
 * IPv6 host usually has a whole /64 to itself, so counting single IPv6 addresses would let it open a fresh
 * quota with every request.
 */
public final class ClientAddress {

  private ClientAddress() {
  }

  /** The key of an address as {@code SocketAddress.hostAddress()} gives it; unparseable text stands for itself. */
  public static String key(String hostAddress) {
    if (hostAddress == null || hostAddress.isEmpty()) {
      return "unknown";
    }
    if (hostAddress.indexOf(':') < 0) {
      return hostAddress; // IPv4 as Vert.x writes it
    }
    try {
      // A literal only: getByName does no lookup for one. IPv4-mapped addresses come back as Inet4Address.
      InetAddress address = InetAddress.getByName(hostAddress);
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
      byte[] bytes = ((Inet6Address) address).getAddress();
      StringBuilder network = new StringBuilder(24);
      for (int i = 0; i < 8; i += 2) {
        network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return network.append(":/64").toString();
    } catch (UnknownHostException | ClassCastException notALiteral) {
      return hostAddress;
    }
  }
}
