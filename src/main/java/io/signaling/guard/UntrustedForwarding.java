package io.signaling.guard;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of a connection that is not from a trusted proxy is the connection's own address, whatever its
 * requests say. But a request that names a client in {@code X-Forwarded-For} on such a connection means this
 * node is behind a proxy it was not told about: it sees that proxy's address, not its clients', so they all share
 * one address's limits and, with peers bound to their address, any client behind the proxy can act for another's
 * peer. The node says so in its log (once a minute at most), since only the operator can fix it.
 */
public final class UntrustedForwarding implements RequestClient {

  private static final Logger LOG = LoggerFactory.getLogger(UntrustedForwarding.class);

  private final PeerBinding binding;
  private final WarningPace pace;

  public UntrustedForwarding(PeerBinding binding, LongSupplier clockMillis) {
    this.binding = binding;
    this.pace = WarningPace.perMinute(clockMillis);
  }

  @Override
  public String clientOf(String connectionAddress, String forwardedFor) {
    if (forwardedFor != null && pace.due()) {
      LOG.warn("requests from {} name their client in X-Forwarded-For: this node sees a proxy's address, not its"
          + " clients'. They share that address's limits{}. Name the proxy in --trusted-proxies, or have it send the"
          + " PROXY protocol (--proxy-protocol true)", connectionAddress, binding == PeerBinding.ADDRESS
          ? ", and with --peer-binding address a peer is bound to the proxy, not to its client" : "");
    }
    return ClientAddress.key(connectionAddress);
  }
}
