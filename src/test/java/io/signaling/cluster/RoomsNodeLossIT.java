package io.signaling.cluster;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.Conditions;
import io.signaling.testing.ProcessCluster;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Rooms through a node's death and the idle sweep, on three node processes behind HAProxy: peers of four rooms and
 * of the default room sign in, one node is killed (SIGKILL), and the peers that never wait are swept by the nodes
 * left. Every leave reaches exactly the peers of its room, and the rooms' lists afterwards hold exactly their
 * surviving peers: nothing of one room ever reaches another, whichever node held what.
 */
class RoomsNodeLossIT {

  private static final List<String> ROOMS = List.of("", "north", "south", "east", "west");

  /** A peer that keeps a /wait parked, as the native client does, and keeps what it receives. */
  private static final class Keeper implements AutoCloseable {
    final WireClient client;
    final String room;
    final int id;
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean stopping;
    private volatile PendingRequest current;

    Keeper(WireClient client, String room, String name) {
      this.client = client;
      this.room = room;
      this.id = client.signInId(name);
    }

    void keepWaiting() {
      while (!stopping) {
        PendingRequest wait = client.startWait(id);
        current = wait;
        WireResponse reply = wait.response();
        if (reply.isComplete() && reply.status() == 200) {
          received.add(reply.body());
        } else if (reply.isComplete() && !stopping) {
          received.add("status " + reply.status()); // never expected: the peer would be gone
          return;
        }
      }
    }

    boolean got(String line) {
      return received.contains(line);
    }

    @Override
    public void close() {
      stopping = true;
      PendingRequest wait = current;
      if (wait != null) {
        wait.close();
      }
    }
  }

  private static WireClient in(ProcessCluster cluster, String room) {
    return room.isEmpty() ? cluster.client() : cluster.client().inRoom(room);
  }

  private static String tag(String room) {
    return room.isEmpty() ? "lobby" : room;
  }

  @Test
  void leavesAndListsStayInTheirRoomThroughANodeDeathAndTheSweep() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start("rooms-node-loss", 3, "--peer-timeout", "6s",
        "--sweep-interval", "250ms")) {
      ExecutorService threads = Executors.newCachedThreadPool();
      List<Keeper> keepers = new ArrayList<>();
      List<String> idlerLeaves = new ArrayList<>();
      try {
        for (String room : ROOMS) {
          for (int i = 0; i < 2; i++) {
            Keeper keeper = new Keeper(in(cluster, room), room, tag(room) + "-keeper-" + i);
            keepers.add(keeper);
          }
        }
        for (Keeper keeper : keepers) {
          threads.submit(keeper::keepWaiting);
        }
        for (String room : ROOMS) {
          String name = tag(room) + "-idler";
          int idler = in(cluster, room).signInId(name);
          idlerLeaves.add(name + "," + idler + ",0\n");
        }
        cluster.kill(1);

        // The idlers never wait: the nodes left sweep them, and each leave goes to its own room's keepers.
        for (Keeper keeper : keepers) {
          String own = idlerLeaves.get(ROOMS.indexOf(keeper.room));
          Conditions.await(tag(keeper.room) + " keeper " + keeper.id + " hears its room's idler leave",
              30_000, () -> keeper.got(own));
        }
        // A newcomer in each room is listed with exactly its room's keepers, and they hear of it.
        for (String room : ROOMS) {
          WireResponse newcomer = assertAnswered(in(cluster, room).signIn(tag(room) + "-newcomer"), 200);
          String self = tag(room) + "-newcomer," + newcomer.pragma() + ",1";
          List<String> expected = new ArrayList<>(List.of(self));
          List<Keeper> ofRoom = keepers.stream().filter(keeper -> keeper.room.equals(room)).toList();
          for (int i = 0; i < ofRoom.size(); i++) {
            expected.add(tag(room) + "-keeper-" + i + "," + ofRoom.get(i).id + ",1");
          }
          List<String> listed = List.of(newcomer.body().split("\n"));
          assertThat(listed.get(0)).isEqualTo(self);
          assertThat(listed).as("the list of %s", tag(room)).containsExactlyInAnyOrderElementsOf(expected);
          for (Keeper keeper : ofRoom) {
            Conditions.await("a keeper hears its room's newcomer", 30_000, () -> keeper.got(self + "\n"));
          }
        }
      } finally {
        keepers.forEach(Keeper::close);
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
      }
      for (Keeper keeper : keepers) {
        assertThat(keeper.received).as("what %s keeper %d received", tag(keeper.room), keeper.id)
            .isNotEmpty()
            .allMatch(line -> line.startsWith(tag(keeper.room) + "-"));
      }
    }
  }
}
