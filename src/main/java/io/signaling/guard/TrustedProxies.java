package io.signaling.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxies whose word on the client's address is taken: connections from these address ranges come from a
 * proxy (ingress-nginx, say, which cannot send the PROXY protocol to its backends), and the client of each of
 * their requests is the right-most entry of {@code X-Forwarded-For} that is not itself one of them. Anything a
 * client writes in that header further left is ignored, so a client cannot pick its own address.
 */
public final class TrustedProxies implements RequestClient {

  /** One range, {@code 10.0.0.0/8}, {@code fd00::/8} or a single address. */
  private record Range(byte[] network, int prefixBits) {

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefixBits / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixBits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (address[whole] & mask) == (network[whole] & mask);
    }
  }

  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Range> ranges;

  private TrustedProxies(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** Reads {@code 10.0.0.0/8,192.168.1.7}; throws {@link IllegalArgumentException} naming a bad entry. */
  public static TrustedProxies parse(List<String> entries) {
    List<Range> ranges = new ArrayList<>();
    for (String entry : entries) {
      int slash = entry.indexOf('/');
      byte[] network = literal(slash < 0 ? entry : entry.substring(0, slash));
      if (network == null) {
        throw new IllegalArgumentException("'" + entry + "' is not an address or a range like 10.0.0.0/8");
      }
      int bits = network.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + network.length * 8);
        }
      }
      ranges.add(new Range(network, bits));
    }
    return new TrustedProxies(List.copyOf(ranges));
  }

  /** Whether a connection from this address (as Vert.x writes it) comes from a trusted proxy. */
  public boolean contains(String address) {
    if (ranges.isEmpty()) {
      return false;
    }
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
  }

  /**
   * The client a proxied request is from: the right-most {@code X-Forwarded-For} entry that is not a trusted
   * proxy, as a {@link ClientAddress} key; the proxy itself when the header names nobody else.
   */
  @Override
  public String clientOf(String proxy, String forwardedFor) {
    if (forwardedFor != null) {
      String[] hops = forwardedFor.split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = withoutPort(hops[i].strip());
        if (literal(hop) == null) {
          break; // garbage: trust nothing to its left either
        }
        if (!contains(hop)) {
          return ClientAddress.key(hop);
        }
      }
    }
    return ClientAddress.key(proxy);
  }

  /** {@code 1.2.3.4:567} and {@code [::1]:567} as proxies may write them, without the port. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end < 0 ? hop : hop.substring(1, end);
    }
    int colon = hop.indexOf(':');
    return colon >= 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
  }

  /** The bytes of an IPv4 or IPv6 literal, or null; never a name lookup. */
  private static byte[] literal(String text) {
    if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return null;
    }
    if (text.indexOf(':') < 0 && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
