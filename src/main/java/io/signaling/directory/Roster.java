package io.signaling.directory;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in which room: one entry per peer, its id to its room's name, in a map with a hash index on the value, so
 * a room's peers are found by one index lookup on each member, in time proportional to the room however many peers
 * are online elsewhere; and no entry is shared by the peers of a room, so a crowded room has no hot entry. The
 * values are plain strings so that a member of a release without rooms can hold, index and migrate them (it would
 * fail on a class it does not know). The peer records stay the truth: an entry is written after its record is
 * registered and deleted after it is removed, and an entry whose peer turns out to be gone (its node died between
 * the two) is deleted when a listing or an announcement finds it so.
 *
 * <p>A node of a release without rooms registers peers without entries, drops the room of any record that passes
 * through it, and cannot answer a query by room. So the roster is trusted only while every member says it keeps
 * rooms (a member attribute) and, since that last became true here, a pass has given every record its entry: until
 * then the default room is listed by a scan of the records, and no other room is open.
 */
final class Roster {

  static final String MAP = "signaling.roster";
  /** The attribute the index keeps: the value itself, the room's name. */
  static final String ROOM_ATTRIBUTE = "this";
  /** The member attribute saying the member keeps rooms. */
  static final String ATTRIBUTE = "signaling.rooms";

  private static final Logger LOG = LoggerFactory.getLogger(Roster.class);
  private static final long RETRY_MILLIS = 5_000;

  private final Vertx vertx;
  private final IMap<Integer, PeerRecord> peers;
  private final IMap<Integer, String> entries;
  /** Counts the times a member without rooms was seen: a pass started before the latest such time trusts nothing. */
  private final AtomicLong withoutRooms = new AtomicLong();
  private final Promise<Void> firstPass = Promise.promise();
  private volatile boolean trusted;

  private Roster(Vertx vertx, HazelcastInstance hazelcast, IMap<Integer, PeerRecord> peers) {
    this.vertx = vertx;
    this.peers = peers;
    this.entries = hazelcast.getMap(MAP);
  }

  /**
   * The roster's map, with the directory's backups. Without split-brain protection, since creating the map's proxy adds the index on every partition, which a
   * protected map refuses on a node alone at start (it waits for its quorum); the records, which are protected, are
   * always written first, so a minority never writes an entry whose record it could not register.
   */
  static void configure(Config config, int backups) {
    config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, "1");
    config.addMapConfig(new MapConfig(MAP).setBackupCount(backups).setAsyncBackupCount(0)
        .addIndexConfig(new IndexConfig(IndexType.HASH, ROOM_ATTRIBUTE)));
  }

  /** Follows the members from now on; the first pass runs at once if every member keeps rooms. */
  static Roster follow(Vertx vertx, HazelcastInstance hazelcast, IMap<Integer, PeerRecord> peers) {
    Roster roster = new Roster(vertx, hazelcast, peers);
    MemberChanges.follow(hazelcast, roster::choose);
    return roster;
  }

  /** Completes once this node has decided whether to trust the roster at start (after the pass, if it ran one). */
  Future<Void> ready() {
    return firstPass.future();
  }

  /** Whether rooms are open: every member keeps them, and every record had its entry when last checked. */
  boolean trusted() {
    return trusted;
  }

  Future<Void> add(int id, String room) {
    return Future.fromCompletionStage(DirectStages.plain(entries.setAsync(id, room)), vertx.getOrCreateContext());
  }

  Future<Void> remove(int id) {
    return Future.fromCompletionStage(DirectStages.plain(entries.removeAsync(id)), vertx.getOrCreateContext())
        .onFailure(failure -> LOG.warn("could not delete the roster entry of peer {}", id, failure))
        .mapEmpty();
  }

  /**
   * The ids of a room's peers as the roster has them; on a worker (a query has no async form). Hazelcast's result
   * set deserializes each key as it is read, so it is copied there too, not on the event loop that reads it.
   */
  Future<Set<Integer>> list(String room) {
    return vertx.executeBlocking(() -> new HashSet<>(entries.keySet(Predicates.equal(ROOM_ATTRIBUTE, room))), false);
  }

  private void choose(Collection<Member> members) {
    boolean everywhere = MemberChanges.everyMemberSays(members, ATTRIBUTE);
    if (!everywhere) {
      withoutRooms.incrementAndGet();
      if (trusted) {
        LOG.warn("rooms closed: a member of a release without rooms is in the cluster; sign-ins to a room get 503"
            + " until it leaves");
      }
      trusted = false;
      firstPass.tryComplete();
      return;
    }
    if (!trusted) {
      pass(withoutRooms.get());
    }
  }

  /**
   * Gives every record without an entry its entry: the peers registered by nodes of a release without rooms. Two
   * scans of the cluster, once when this node starts and once when the last member without rooms leaves; off
   * every client's path.
   */
  private void pass(long seen) {
    vertx.executeBlocking(() -> {
      Set<Integer> listed = entries.keySet();
      Map<Integer, String> missing = new HashMap<>();
      for (PeerSummary peer : peers.project(new PeerListing())) {
        if (!listed.contains(peer.id())) {
          missing.put(peer.id(), peer.room());
        }
      }
      if (!missing.isEmpty()) {
        entries.setAll(missing);
      }
      return missing.size();
    }, false).onComplete(done -> {
      if (done.failed()) {
        // A node alone below its quorum cannot read the records: the member that makes the quorum brings a new pass.
        LOG.warn("could not check the roster of rooms (rooms stay closed; trying again in {} s): {}",
            RETRY_MILLIS / 1000, done.cause().toString());
        vertx.setTimer(RETRY_MILLIS, retry -> {
          if (withoutRooms.get() == seen && !trusted) {
            pass(seen);
          }
        });
      } else if (withoutRooms.get() == seen) {
        if (done.result() > 0) {
          LOG.info("listed {} peer(s) signed in by nodes of a release without rooms", done.result());
        }
        if (!trusted) {
          LOG.info("rooms open: every member keeps them");
        }
        trusted = true;
      }
      firstPass.tryComplete();
    });
  }
}
