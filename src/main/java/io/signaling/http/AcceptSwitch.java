package io.signaling.http;

import io.netty.channel.Channel;
import io.vertx.core.net.NetServer;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts accepting connections on a listening Vert.x {@link NetServer}, which has no such switch of
 * its own: it reaches the server's listening Netty channel (Vert.x 5.0's {@code NetServerImpl}: the shared
 * {@code actualServer} and its {@code bindFuture}) and turns its auto-read off and on. While off, new connections
 * wait in the kernel's accept queue and take none of the node's files. Where the channel cannot be found (another
 * Vert.x release), the switch does nothing and says so once; connections are then still closed at once after
 * they are accepted.
 */
final class AcceptSwitch {

  private static final Logger LOG = LoggerFactory.getLogger(AcceptSwitch.class);

  private final Channel listening;

  private AcceptSwitch(Channel listening) {
    this.listening = listening;
  }

  /** The switch of a server that listens already. */
  static AcceptSwitch of(NetServer server) {
    Channel channel = null;
    try {
      Object actual = field(server, "actualServer");
      Object bound = field(actual != null ? actual : server, "bindFuture");
      if (bound instanceof io.vertx.core.Future<?> future && future.result() instanceof Channel found) {
        channel = found;
      }
    } catch (ReflectiveOperationException | RuntimeException unreachable) {
      LOG.debug("no listening channel in {}", server.getClass(), unreachable);
    }
    if (channel == null) {
      LOG.warn("cannot pause accepting on this Vert.x release: near the open-files limit, connections are closed"
          + " as they are accepted instead");
    }
    return new AcceptSwitch(channel);
  }

  /** Accepts new connections, or leaves them queued in the kernel. Safe from any thread. */
  void accepting(boolean on) {
    if (listening != null) {
      listening.eventLoop().execute(() -> listening.config().setAutoRead(on));
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    for (Class<?> type = owner.getClass(); type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
      } catch (NoSuchFieldException notHere) {
        // look in the superclass
      }
    }
    return null;
  }
}
