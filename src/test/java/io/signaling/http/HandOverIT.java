package io.signaling.http;

import io.signaling.directory.PeerOwner;
import static io.signaling.testing.TestNodes.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.signaling.cluster.HazelcastSetup;
import io.signaling.config.ServerConfig;
import io.signaling.delivery.ParkedWaits;
import io.signaling.delivery.WakeUps;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.directory.MailItem;
import io.signaling.directory.MailboxLimits;
import io.signaling.directory.ParkOutcome;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.PeerRecord;
import io.signaling.directory.Waiter;
import io.signaling.flows.Occupancy;
import io.signaling.flows.PeerFlows;
import io.signaling.guard.AllowedOrigins;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.PeerBinding;
import io.signaling.guard.Rate;
import io.signaling.guard.StorageBudget;
import io.signaling.ops.SignalingMetrics;
import io.signaling.protocol.RequestReader;
import io.signaling.protocol.ResponseEncoder;
import io.signaling.testing.Conditions;
import io.signaling.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A mailbox item whose hand-over to a /wait connection fails is put back at the head of the mailbox. */
@ExtendWith(VertxExtension.class)
class HandOverIT {

  private HazelcastInstance hazelcast;
  private PeerDirectory directory;
  private ParkedWaits parkedWaits;
  private RequestRouter router;

  private final ClientLimits clientLimits = new ClientLimits(new ClientLimits.Settings(0, Rate.OFF, Rate.OFF, Rate.OFF,
      ClientLimits.MAX_TRACKED), System::nanoTime, limit -> { });

  @BeforeEach
  void startMember(Vertx vertx) {
    Config config = HazelcastSetup.memberConfig(
        ServerConfig.Cluster.alone(TestNodes.randomClusterName(), "127.0.0.1", 5701));
    HazelcastPeerDirectory.configure(config);
    hazelcast = Hazelcast.newHazelcastInstance(config);
    directory = new HazelcastPeerDirectory(vertx, hazelcast, new MailboxLimits(10, 10_000));
    WakeUps wakeUps = new WakeUps(vertx, "node-under-test");
    parkedWaits = new ParkedWaits(vertx, directory, wakeUps, System::currentTimeMillis, SignalingMetrics.unrecorded(),
        java.time.Duration.ZERO);
    router = new RequestRouter(new PeerFlows(directory, wakeUps, parkedWaits.knownSenders(), new PeerFlows.Limits(512, 100, 4),
        new Occupancy(new Occupancy.Limits(100, 100)),
        new StorageBudget(new StorageBudget.Settings(1 << 30, 1 << 20, 1 << 30), 1, limit -> { }), System::currentTimeMillis,
        SignalingMetrics.unrecorded()), parkedWaits, clientLimits, () -> true, PeerBinding.ADDRESS, null, null,
        directory);
    await(wakeUps.start(parkedWaits));
  }

  @AfterEach
  void stopMember() {
    hazelcast.shutdown();
  }

  @Test
  void anItemTakenForAConnectionThatIsGoneIsPutBackFirst(Vertx vertx, VertxTestContext test) throws Exception {
    int peer = directory.candidateId();
    await(directory.register(peer, "p".getBytes(StandardCharsets.US_ASCII), System.currentTimeMillis(), PeerOwner.NOBODY));
    await(directory.deliver(peer, MailItem.message(7, "text/plain", bytes("first"), System.currentTimeMillis())));
    await(directory.deliver(peer, MailItem.message(7, "text/plain", bytes("second"), System.currentTimeMillis())));

    Checkpoint clientSawSilentClose = test.checkpoint();
    HttpLimits limits = new HttpLimits(1024, 1024, 10_000, TcpKeepAlive.OFF);
    NetServer server = vertx.createNetServer().connectHandler(socket -> {
      ClientConnection connection = new ClientConnection(vertx, socket, limits, new ResponseEncoder("t/1"), router,
          "127.0.0.1", null, AllowedOrigins.ANY, clientLimits, RequestReader.BodyRoom.UNBOUNDED, null, () -> { }, SignalingMetrics.unrecorded());
      // The connection is gone before the park step answers (which can be at once, within park() itself)...
      connection.closeWithoutAnswer();
      parkedWaits.park(peer, connection, PeerOwner.NOBODY); // ...so the item the park takes for it, "first", cannot be written
    });
    server.listen(0, "127.0.0.1")
        .compose(listening -> vertx.createNetClient().connect(listening.actualPort(), "127.0.0.1"))
        .onComplete(test.succeeding(client -> {
          Buffer received = Buffer.buffer();
          client.handler(received::appendBuffer);
          client.closeHandler(closed -> test.verify(() -> {
            assertThat(received.length()).as("bytes the client got").isZero();
            clientSawSilentClose.flag();
          }));
        }));
    assertThat(test.awaitCompletion(30, TimeUnit.SECONDS)).isTrue();

    Conditions.await("the item is back in the mailbox", () -> queued(peer) == 2,
        () -> "(queued: " + queued(peer) + ")");
    Waiter next = new Waiter("elsewhere", 1);
    ParkOutcome first = await(directory.park(peer, next, System.currentTimeMillis(), PeerOwner.NOBODY));
    assertThat(first.kind()).isEqualTo(ParkOutcome.Kind.ANSWER_NOW);
    assertThat(new String(first.item().body(), StandardCharsets.US_ASCII)).isEqualTo("first");
    await(directory.settle(peer, next, true, 0));
    ParkOutcome second = await(directory.park(peer, new Waiter("elsewhere", 2), System.currentTimeMillis(), PeerOwner.NOBODY));
    assertThat(new String(second.item().body(), StandardCharsets.US_ASCII)).isEqualTo("second");
  }

  private int queued(int peer) {
    PeerRecord record = hazelcast.<Integer, PeerRecord>getMap(HazelcastPeerDirectory.PEERS_MAP).get(peer);
    return record == null ? -1 : record.queuedItems();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
