package io.signaling.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.vertx.core.net.NetServerOptions;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What Netty is told to set on every accepted socket: only options that change something. */
class LeanEpollTransportTest {

  private static Map<ChannelOption<?>, Object> perAcceptedSocket(NetServerOptions options) {
    ServerBootstrap bootstrap = new ServerBootstrap();
    new LeanEpollTransport().configure(options, false, bootstrap);
    return bootstrap.config().childOptions();
  }

  @Test
  void theSignalingServersOptionsLeaveNothingToSetPerSocket() {
    Map<ChannelOption<?>, Object> options = perAcceptedSocket(new NetServerOptions().setTcpNoDelay(true));

    assertThat(options).doesNotContainKeys(ChannelOption.TCP_NODELAY, ChannelOption.SO_KEEPALIVE,
        EpollChannelOption.TCP_USER_TIMEOUT, EpollChannelOption.TCP_QUICKACK, EpollChannelOption.TCP_CORK);
  }

  /** What leaving TCP_NODELAY out relies on: Netty's epoll channel has Nagle off from the start (a real socket). */
  @Test
  void nettysEpollChannelHasNagleOffWhenMade() {
    Assumptions.assumeTrue(Epoll.isAvailable(), "epoll runs only on Linux");
    EpollSocketChannel channel = new EpollSocketChannel();
    try {
      assertThat(channel.config().isTcpNoDelay()).isTrue();
    } finally {
      channel.unsafe().closeForcibly();
    }
  }

  @Test
  void optionsThatChangeTheSocketAreStillSet() {
    Map<ChannelOption<?>, Object> options = perAcceptedSocket(new NetServerOptions().setTcpNoDelay(false)
        .setTcpKeepAlive(true).setTcpUserTimeout(5_000).setTcpQuickAck(true).setTcpCork(true).setSoLinger(0));

    assertThat(options).containsEntry(ChannelOption.TCP_NODELAY, false)
        .containsEntry(ChannelOption.SO_KEEPALIVE, true)
        .containsEntry(EpollChannelOption.TCP_USER_TIMEOUT, 5_000)
        .containsEntry(EpollChannelOption.TCP_QUICKACK, true)
        .containsEntry(EpollChannelOption.TCP_CORK, true)
        .containsEntry(ChannelOption.SO_LINGER, 0);
  }

  @Test
  void aUnixDomainSocketServerIsConfiguredAsVertxDoes() {
    ServerBootstrap lean = new ServerBootstrap();
    new LeanEpollTransport().configure(new NetServerOptions(), true, lean);
    ServerBootstrap vertx = new ServerBootstrap();
    new io.vertx.core.impl.transports.EpollTransport().configure(new NetServerOptions(), true, vertx);

    assertThat(lean.config().childOptions()).isEqualTo(vertx.config().childOptions());
  }
}
