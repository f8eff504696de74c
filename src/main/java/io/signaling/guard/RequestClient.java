package io.signaling.guard;

/** Who a request is from, for the limits and the peer binding: read from its connection and its headers. */
@FunctionalInterface
public interface RequestClient {

  /** The connection's own address, whatever the request says (with the PROXY protocol that is the client's). */
  RequestClient CONNECTION = (connectionAddress, forwardedFor) -> ClientAddress.key(connectionAddress);

  /**
   * @param connectionAddress the address the connection is from (with the PROXY protocol, the one its header gave)
   * @param forwardedFor      the request's {@code X-Forwarded-For}, or null
   * @return the client's {@link ClientAddress} key
   */
  String clientOf(String connectionAddress, String forwardedFor);
}
