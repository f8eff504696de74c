package io.signaling.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.RoomCount;
import io.signaling.flows.Occupancy;
import io.signaling.guard.WarningPace;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every couple of seconds the oldest node counts the peers of every room and tells every node, whose
 * {@link Occupancy} bounds peers and rooms against it. The count travels as JSON with a format version {@code v}:
 * a node ignores a version it does not know, and an earlier release has no consumer for it at all.
 */
public final class RoomCensus extends ClusterCensus {

  static final String ADDRESS = "signaling.rooms.count";
  static final int FORMAT = 1;
  /** How often the oldest node counts: a pass over every record, so not on every sign-in. */
  public static final long INTERVAL_MILLIS = 2_000;
  /**
   * The cutoff lies this far before the count begins: a sign-in that took its join time before the cutoff has
   * stored its record by then, so the count sees it, and the nodes add only what joined at or after it.
   */
  static final long CUTOFF_LEAD_MILLIS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(RoomCensus.class);

  private final PeerDirectory directory;
  private final Occupancy occupancy;
  private final WarningPace failureWarnings;
  private final LongSupplier clock;

  /** @param clockMillis the clock peers' join times are taken from: the cutoff of each count */
  public RoomCensus(Vertx vertx, HazelcastInstance hazelcast, PeerDirectory directory, Occupancy occupancy,
                    LongSupplier clockMillis) {
    super(vertx, hazelcast, ADDRESS, INTERVAL_MILLIS);
    this.clock = clockMillis;
    this.directory = directory;
    this.occupancy = occupancy;
    this.failureWarnings = WarningPace.perMinute(clockMillis);
  }

  @Override
  Future<JsonObject> count() {
    return directory.countRooms(clock.getAsLong() - CUTOFF_LEAD_MILLIS).map(RoomCensus::encode)
        .onFailure(failure -> {
          if (failureWarnings.due()) {
            LOG.warn("could not count the peers by room (bounds hold against the last count)", failure);
          }
        });
  }

  static JsonObject encode(RoomCount count) {
    return new JsonObject().put("v", FORMAT).put("rooms", count.rooms())
        .put("inDefaultRoom", count.inDefaultRoom()).put("cutoff", count.cutoff())
        .put("peersBefore", count.peersBefore()).put("roomsBefore", count.roomsBefore());
  }

  @Override
  void receive(JsonObject body) {
    try {
      if (body.getInteger("v", 0) != FORMAT) {
        return; // a count from a later release: its next version will say what it means
      }
      occupancy.counted(new RoomCount(body.getInteger("rooms"), body.getLong("inDefaultRoom"),
          body.getLong("cutoff"), body.getLong("peersBefore"), body.getInteger("roomsBefore")));
    } catch (RuntimeException malformed) {
      LOG.warn("ignored a malformed count of peers by room: {}", body, malformed);
    }
  }
}
