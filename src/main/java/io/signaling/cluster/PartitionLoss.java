package io.signaling.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapPartitionLostEvent;
import io.signaling.directory.HazelcastPeerDirectory;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes loss beyond the backups visible: when more nodes go at once than there are backups ({@code --backups}),
 * every partition whose owner and backups were all among them is lost with the peers and undelivered items it held.
 * Hazelcast says so once per partition of the peers map (its map-level event, which unlike the partition-level one
 * fires only when that map's data is really gone). Every node counts each lost partition (a metric). The oldest
 * member also tells how many peers went: it counts the peers every few seconds, and once the partitions stop
 * coming and the cluster can be counted again (it may first need its quorum back), it logs the loss once, with the
 * count before and after, and adds the difference to a second metric. Nothing else would say it: those peers are
 * simply unknown from then on, and a message to one gets "Peer most likely gone".
 */
public final class PartitionLoss {

  /** Counts of the peers are this far apart; the number lost is off by the sign-ins and -outs in between. */
  static final long COUNT_INTERVAL_MILLIS = 5_000;
  /** A loss is reported once no partition was lost for this long: one report for all the partitions of one event. */
  static final long QUIET_MILLIS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLoss.class);

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final Runnable partitionLost;
  private final LongConsumer peersLost;
  private final LongSupplier clock;
  private IMap<Object, Object> peers;
  private long countTimer = -1;
  /** The last count of peers and when it was taken; -1 before the first. Touched on the node's context only. */
  private volatile long lastCount = -1;
  private long lastCountAt;
  /** The partitions of the loss being reported, and when the latest came; empty when none is pending. */
  private final Set<Integer> lostPartitions = new TreeSet<>();
  private long lastLossAt;
  private boolean reportScheduled;

  /**
   * @param partitionLost called once per lost partition, on every node (the metric)
   * @param peersLost     called on the oldest member with the peers a loss took (their metric)
   */
  public PartitionLoss(Vertx vertx, HazelcastInstance hazelcast, Runnable partitionLost, LongConsumer peersLost,
                       LongSupplier clock) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.hazelcast = hazelcast;
    this.partitionLost = partitionLost;
    this.peersLost = peersLost;
    this.clock = clock;
  }

  /** Registers with the cluster (a remote call): run it off the event loop. It lasts as long as the member. */
  public void start() {
    peers = hazelcast.getMap(HazelcastPeerDirectory.PEERS_MAP);
    peers.addPartitionLostListener(this::lost);
  }

  /** Starts counting the peers; call on the context this was made on, once {@link #start} ran. */
  public void startCounting() {
    countTimer = vertx.setPeriodic(0, COUNT_INTERVAL_MILLIS, tick -> {
      if (lostPartitions.isEmpty()) { // while a loss is pending, the count from before it is the one to keep
        count().onSuccess(count -> {
          if (lostPartitions.isEmpty()) {
            lastCount = count;
            lastCountAt = clock.getAsLong();
          }
        });
      }
    });
  }

  public void stop() {
    if (countTimer >= 0) {
      vertx.cancelTimer(countTimer);
    }
  }

  /** The last count of the peers in the whole cluster, -1 before the first. */
  public long countedPeers() {
    return lastCount;
  }

  /** On a Hazelcast event thread. */
  private void lost(MapPartitionLostEvent event) {
    partitionLost.run();
    context.runOnContext(ignored -> {
      lostPartitions.add(event.getPartitionId());
      lastLossAt = clock.getAsLong();
      scheduleReport(QUIET_MILLIS);
    });
  }

  private void scheduleReport(long delay) {
    if (!reportScheduled) {
      reportScheduled = true;
      vertx.setTimer(delay, timer -> {
        reportScheduled = false;
        long quietFor = clock.getAsLong() - lastLossAt;
        if (quietFor < QUIET_MILLIS) {
          scheduleReport(QUIET_MILLIS - quietFor);
          return;
        }
        // Below quorum, or while partitions move, the count fails: try again until the cluster can be counted.
        count().onSuccess(this::report).onFailure(failure -> scheduleReport(QUIET_MILLIS));
      });
    }
  }

  private void report(long countNow) {
    Set<Integer> partitions = Set.copyOf(lostPartitions);
    lostPartitions.clear();
    long before = lastCount;
    long countedAgoSeconds = (lastLossAt - lastCountAt) / 1000;
    lastCount = countNow;
    lastCountAt = clock.getAsLong();
    if (!isOldestMember()) {
      return;
    }
    long gone = before < 0 ? -1 : Math.max(0, before - countNow);
    if (gone > 0) {
      peersLost.accept(gone);
    }
    LOG.error("{} partition(s) of the peers lost ({}): more nodes left at once than there are backups (--backups),"
        + " and the peers and undelivered messages those partitions held are gone. Peers: {} (counted {} s before),"
        + " {} now, so about {} gone (sign-ins and sign-outs in between count too). Counted in"
        + " signaling_partitions_lost_total and signaling_peers_lost_total", partitions.size(), partitions,
        before < 0 ? "not counted" : before, countedAgoSeconds, countNow, gone < 0 ? "an unknown number" : gone);
  }

  private boolean isOldestMember() {
    try {
      return hazelcast.getCluster().getMembers().iterator().next().localMember();
    } catch (RuntimeException notRunning) {
      return false;
    }
  }

  /** The peers the cluster holds: a call to every member, so on a worker. */
  private io.vertx.core.Future<Long> count() {
    return vertx.executeBlocking(() -> (long) peers.size(), false);
  }
}
