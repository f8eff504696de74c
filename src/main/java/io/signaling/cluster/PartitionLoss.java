package io.signaling.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapPartitionLostEvent;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.guard.WarningPace;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes loss beyond the backups visible: when more nodes go at once than there are backups ({@code --backups}),
 * every partition whose owner and backups were all among them is lost with the peers and undelivered items it held.
 * Hazelcast says so once per partition of the peers map (its map-level event, which unlike the partition-level one
 * fires only when that map's data is really gone); this counts each (the metric) and logs it, at most once a minute
 * with the count since, naming what it means, since nothing else would: those peers simply are unknown from then on.
 */
public final class PartitionLoss {

  private static final Logger LOG = LoggerFactory.getLogger(PartitionLoss.class);

  private final HazelcastInstance hazelcast;
  private final Runnable onLost;
  private final WarningPace warnings;
  private final AtomicLong sinceWarning = new AtomicLong();

  /** @param onLost called once per lost partition (the metric) */
  public PartitionLoss(HazelcastInstance hazelcast, Runnable onLost, LongSupplier clockMillis) {
    this.hazelcast = hazelcast;
    this.onLost = onLost;
    this.warnings = WarningPace.perMinute(clockMillis);
  }

  /** Registers with the cluster (a remote call): run it off the event loop. It lasts as long as the member. */
  public void start() {
    IMap<Object, Object> peers = hazelcast.getMap(HazelcastPeerDirectory.PEERS_MAP);
    peers.addPartitionLostListener(this::lost);
  }

  private void lost(MapPartitionLostEvent event) {
    onLost.run();
    long count = sinceWarning.incrementAndGet();
    if (warnings.due()) {
      sinceWarning.addAndGet(-count);
      LOG.error("{} partition(s) of the peers lost (the latest: {}): more nodes left at once than there are backups"
          + " (--backups), and the peers and undelivered messages those partitions held are gone; counted in"
          + " signaling_partitions_lost_total", count, event.getPartitionId());
    }
  }
}
