package io.signaling.flows;

import io.signaling.directory.RoomCount;
import java.util.HashMap;
import java.util.Map;

/**
 * How full the cluster is, for the bounds on peers ({@code --max-peers}) and on open rooms ({@code --max-rooms}):
 * the last census ({@code cluster.RoomCensus}, every couple of seconds) plus this node's own sign-ins since. Counting
 * every peer on each sign-in would be a pass over the whole cluster on a client's path; this costs nothing there.
 *
 * <p>The census counts apart the peers that joined before its cutoff (the clock when it began); this node adds the
 * peers it admitted at or after the cutoff, by their join time, so no peer is counted twice or missed on one node.
 * Removals count once a census has seen them, except of this node's own recent admissions, which it forgets at
 * once (a room it opened stays counted until a census: others may have joined it): so a node refuses sooner,
 * never later. What other nodes admitted since the cutoff is not known here, so a
 * burst on several nodes at once can pass a bound by what they admit within one census period (sign-ins per client
 * address are rate-limited). A node that hears no census keeps adding its admissions to the last one.
 */
public final class Occupancy {

  /** The bounds; the default room is always open and not counted among the rooms. */
  public record Limits(int maxPeers, int maxRooms) {
  }

  /** What a sign-in would pass, if anything. */
  public enum Refusal { NONE, PEERS, ROOMS }

  private final Limits limits;
  private RoomCount counted = RoomCount.NONE;
  /**
   * When each peer this node admitted since the cutoff joined, by id; and the rooms those peers opened, by name.
   * Bounded by the sign-ins of one census period: the rest go when a census comes.
   */
  private final Map<Integer, Long> admitted = new HashMap<>();
  private final Map<String, Long> opened = new HashMap<>();

  public Occupancy(Limits limits) {
    this.limits = limits;
  }

  /** A census arrived: what it counted replaces what this node admitted before its cutoff. */
  public synchronized void counted(RoomCount count) {
    if (count.cutoff() < counted.cutoff()) {
      return; // an older count overtaken on its way
    }
    counted = count;
    admitted.values().removeIf(joinedAt -> joinedAt < count.cutoff());
    opened.values().removeIf(joinedAt -> joinedAt < count.cutoff());
  }

  /**
   * Admits the peer that joined at {@code joinedAt}, opening {@code room} if {@code opensRoom} (it found nobody
   * there), unless that passes a bound; an admitted peer is counted from now on.
   */
  public synchronized Refusal admit(int id, long joinedAt, String room, boolean opensRoom) {
    if (counted.peersBefore() + admitted.size() + 1 > limits.maxPeers()) {
      return Refusal.PEERS;
    }
    boolean newRoom = opensRoom && !opened.containsKey(room);
    if (newRoom && counted.roomsBefore() + opened.size() + 1 > limits.maxRooms()) {
      return Refusal.ROOMS;
    }
    if (joinedAt >= counted.cutoff()) {
      admitted.put(id, joinedAt);
      if (newRoom) {
        opened.put(room, joinedAt);
      }
    }
    return Refusal.NONE;
  }

  /** A peer was removed here: if this node admitted it since the cutoff, it no longer counts. */
  public synchronized void removed(int id) {
    admitted.remove(id);
  }

  /** The named rooms with a peer in them, at the last census. */
  public synchronized long roomsOpen() {
    return counted.rooms();
  }

  /**
   * Whether the default room held at least half of the peers online at the last census (or none was taken yet: a
   * cluster starts with the default room alone).
   */
  public synchronized boolean defaultRoomHoldsMost() {
    return 2 * counted.inDefaultRoom() >= counted.peersBefore();
  }

  /** The peers of the default room, at the last census. */
  public synchronized long defaultRoomPeers() {
    return counted.inDefaultRoom();
  }
}
