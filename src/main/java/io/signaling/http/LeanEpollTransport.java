package io.signaling.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.vertx.core.impl.transports.EpollTransport;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.transport.Transport;

/**
 * Vert.x's epoll transport, less the socket options that only restate what an accepted socket already has.
 *
 * <p>Every request of this protocol is a connection of its own, so what a node does per accepted socket is paid per
 * request. Vert.x hands Netty five options for every accepted socket, each a setsockopt on the acceptor thread:
 * TCP_NODELAY, which Netty's epoll channel already turned on when it was made, and TCP_USER_TIMEOUT, TCP_QUICKACK,
 * TCP_CORK and SO_KEEPALIVE at 0 or off, which is what a socket accepted from a listening socket without them has
 * (Linux copies these from the listening socket, which never gets them). Measured with {@code perf stat} on a node
 * relaying for 100 pairs: 22 system calls per connection, of which these were five. An option set to anything but
 * what the socket has is kept.
 */
public final class LeanEpollTransport extends EpollTransport {

  /** This transport where epoll runs, or null (elsewhere Vert.x picks its own). */
  public static Transport whereAvailable() {
    Transport epoll = Transport.EPOLL;
    if (epoll == null || !epoll.available()) {
      return null;
    }
    LeanEpollTransport lean = new LeanEpollTransport();
    return new Transport() {
      @Override
      public String name() {
        return epoll.name();
      }

      @Override
      public boolean available() {
        return true;
      }

      @Override
      public Throwable unavailabilityCause() {
        return null;
      }

      @Override
      public io.vertx.core.spi.transport.Transport implementation() {
        return lean;
      }
    };
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    super.configure(options, domainSocket, bootstrap);
    if (domainSocket) {
      return;
    }
    // A null value takes the option off the list Netty applies to each accepted socket.
    if (options.isTcpNoDelay()) {
      bootstrap.childOption(ChannelOption.TCP_NODELAY, null);
    }
    if (!options.isTcpKeepAlive()) {
      bootstrap.childOption(ChannelOption.SO_KEEPALIVE, null);
    }
    if (options.getTcpUserTimeout() == 0) {
      bootstrap.childOption(EpollChannelOption.TCP_USER_TIMEOUT, null);
    }
    if (!options.isTcpQuickAck()) {
      bootstrap.childOption(EpollChannelOption.TCP_QUICKACK, null);
    }
    if (!options.isTcpCork()) {
      bootstrap.childOption(EpollChannelOption.TCP_CORK, null);
    }
  }
}
