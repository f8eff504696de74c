package io.signaling.delivery;

import io.signaling.directory.PeerDirectory;
import io.signaling.directory.Waiter;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes delivery whole again when a wake-up or a hand-over is lost, as happens with a node that dies: the
 * survivors put back what a departed node held in flight and forget its /waits, and every node, on each sweep,
 * wakes its peers' parked /waits that should be taking an item and are not. A wake-up too many is harmless: a take
 * checks that its /wait is still the peer's waiter.
 */
public final class SafetyNet {

  private static final Logger LOG = LoggerFactory.getLogger(SafetyNet.class);

  private final PeerDirectory directory;
  private final WakeUps wakeUps;
  private final LongSupplier clock;

  public SafetyNet(PeerDirectory directory, WakeUps wakeUps, LongSupplier clock) {
    this.directory = directory;
    this.wakeUps = wakeUps;
    this.clock = clock;
  }

  /**
   * Wakes the parked /waits of this node's peers that should be taking an item but are not; an item in flight past
   * {@link PeerDirectory#IN_FLIGHT_LIMIT_MILLIS} goes back to the head first. A wake-up for another node also goes
   * through the cluster's state, where that node takes it on its own sweep: it arrives even when the event bus
   * between the two cannot carry it (during the roll that turns cluster TLS on, old and new nodes refuse each
   * other's connections). Then takes what other nodes left for this node's /waits. Returns how many were woken.
   */
  public Future<Integer> wakeMissed() {
    String here = wakeUps.nodeId();
    return directory.wakeableLocalPeers(clock.getAsLong())
        .compose(toWake -> {
          toWake.values().forEach(wakeUps::wake);
          if (!toWake.isEmpty()) {
            // Under load this also meets wake-ups still on their way (a second wake is harmless), hence debug.
            LOG.debug("woke {} parked /wait(s) that may have missed their wake-up", toWake.size());
          }
          List<Waiter> elsewhere = toWake.values().stream().filter(waiter -> !waiter.node().equals(here)).toList();
          return directory.leaveWakeUps(elsewhere).map(toWake.size());
        })
        .compose(woken -> directory.takeWakeUps(here).map(left -> {
          left.forEach(wakeUps::wake);
          return woken + left.size();
        }));
  }

  /**
   * A node left the cluster: the /waits it held are gone and what it was handing over goes back to the head of
   * each mailbox, so those peers' clients find their items on the node they wait on next.
   */
  public Future<Integer> forgetNode(String nodeId) {
    directory.dropWakeUps(nodeId).onFailure(failure -> LOG.debug("could not drop the wake-ups left for {}", nodeId,
        failure));
    return directory.forgetNode(nodeId, clock.getAsLong())
        .onSuccess(toWake -> {
          toWake.values().forEach(wakeUps::wake);
          LOG.info("forgot the /waits of departed node {}; {} peer(s) can take their next item elsewhere",
              nodeId, toWake.size());
        })
        .onFailure(failure -> LOG.error("could not forget departed node {}", nodeId, failure))
        .map(Map::size);
  }
}
