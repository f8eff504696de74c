package io.signaling.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP keepalive for a connection that will be silent for long: a parked /wait. The kernel's own default sends the
 * first probe after two hours, later than any load balancer keeps a silent connection (an AWS NLB drops it after
 * 350 s, an Azure load balancer after 4 minutes, both without telling either end). Probes after {@code idle}, both
 * count as traffic; and a client that vanished without closing is found (its connection fails, the /wait is
 * released, and the peer is swept as usual). Set when a /wait parks rather than on every accepted socket: the
 * other requests are answered at once and never need it. Vert.x 5.0 sets only SO_KEEPALIVE, so the timings go
 * to the Netty channel underneath.
 */
final class TcpKeepAlive {

  /** Probes unanswered before the kernel gives the connection up. */
  static final int PROBES = 4;
  static final TcpKeepAlive OFF = new TcpKeepAlive(0, 0);
  private static final Logger LOG = LoggerFactory.getLogger(TcpKeepAlive.class);

  private final int idleSeconds;
  private final int intervalSeconds;
  private volatile boolean warned;

  private TcpKeepAlive(int idleSeconds, int intervalSeconds) {
    this.idleSeconds = idleSeconds;
    this.intervalSeconds = intervalSeconds;
  }

  /** The first probe after {@code idle} of silence, the next ones a quarter of that apart (at least a second). */
  static TcpKeepAlive after(Duration idle) {
    int seconds = (int) Math.max(0, idle.toSeconds());
    return seconds == 0 ? OFF : new TcpKeepAlive(seconds, Math.max(1, seconds / PROBES));
  }

  boolean isOn() {
    return idleSeconds > 0;
  }

  /** Turns it on for this connection; runs on the connection's event loop (each option is one setsockopt). */
  void applyTo(NetSocket socket) {
    if (!isOn() || !(socket instanceof NetSocketInternal internal)) {
      return;
    }
    Channel channel = internal.channelHandlerContext().channel();
    ChannelConfig config = channel.config();
    boolean set = config.setOption(ChannelOption.SO_KEEPALIVE, true);
    if (channel instanceof EpollSocketChannel) {
      set &= config.setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds)
          && config.setOption(EpollChannelOption.TCP_KEEPINTVL, intervalSeconds)
          && config.setOption(EpollChannelOption.TCP_KEEPCNT, PROBES);
    } else {
      set &= config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idleSeconds)
          && config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), intervalSeconds)
          && config.setOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), PROBES);
    }
    if (!set && !warned) {
      warned = true;
      LOG.warn("TCP keepalive timings cannot be set on {} connections here; parked /waits rely on the kernel's"
          + " defaults (see --tcp-keepalive)", channel.getClass().getSimpleName());
    }
  }
}
