package io.signaling.delivery;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.signaling.directory.ClusterLayout;
import io.signaling.directory.HazelcastPeerDirectory;
import io.signaling.directory.MailItem;
import io.signaling.directory.PeerRecord;
import io.signaling.directory.Waiter;
import io.signaling.main.SignalingNode;
import io.signaling.testing.ClusterKeys;
import io.signaling.testing.Conditions;
import io.signaling.testing.CrossNodeRelay;
import io.signaling.testing.Ports;
import io.signaling.testing.TestCluster;
import io.signaling.testing.TestNodes;
import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event bus between nodes as an attacker meets it. The attack: one hand-made frame to a node's event-bus port
 * that hands a victim's parked /wait a body and a sender of the attacker's choosing. The attacker here knows
 * everything a rogue cluster member could read (the node's address on the bus, the /wait's token); all it lacks
 * is the cluster's key. With mutual TLS the frame is refused, in the clear or over TLS with a key of its own, and
 * the victim's /wait then gets the real message. Without TLS (the control) the same frame is delivered, so the
 * refusal is the key's doing, not a malformed frame.
 *
 * <p>The nodes sweep for missed wake-ups once an hour (unless a test says otherwise), so a relay across nodes here
 * really crossed the event bus.
 */
class ClusterTlsIT {

  private static final String FORGED = "{\"type\":\"offer\",\"sdp\":\"attacker's\"}";
  private static final int ATTACKERS_ID = 666;

  @TempDir
  Path keys;

  private final List<SignalingNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(TestNodes::stop);
  }

  @Test
  void nodesSharingTheKeyRelayAcrossTheEventBus() {
    String cluster = TestNodes.randomClusterName();
    SignalingNode first = start(cluster, ClusterKeys.sharedFlags());
    SignalingNode second = start(cluster, ClusterKeys.sharedFlags());
    CrossNodeRelay.check(new WireClient(first.port()), new WireClient(second.port()), new WireClient(first.port()),
        "over mutual TLS", () -> Conditions.await("the receiver's /wait is parked", () -> second.parkedWaits() == 1));
  }

  @Test
  void aNodeTrustsTheCertificatesItsKeystoreHoldsBesideItsKey() {
    // A key rotated: each node has its own key and trusts the other's certificate.
    Path oldKey = ClusterKeys.keystore(keys, "old", "CN=old");
    Path newKey = ClusterKeys.keystore(keys, "new", "CN=new");
    ClusterKeys.trust(oldKey, newKey, "new");
    ClusterKeys.trust(newKey, oldKey, "old");
    String cluster = TestNodes.randomClusterName();
    SignalingNode first = start(cluster, tlsFlags(oldKey));
    SignalingNode second = start(cluster, tlsFlags(newKey));
    CrossNodeRelay.check(new WireClient(second.port()), new WireClient(first.port()), new WireClient(second.port()),
        "across a rotation", () -> Conditions.await("the receiver's /wait is parked", () -> first.parkedWaits() == 1));
  }

  /**
   * The roll that turns cluster TLS on: for a while some nodes have it and some do not, and they refuse each
   * other's event-bus connections. A message across them still arrives, through the cluster's state: the item
   * goes back after the in-flight limit and the wake-up is left where the waiter's node takes it on its sweep.
   */
  @Test
  void nodesWhoseTlsDiffersMidRollStillDeliverThroughTheCluster() {
    String cluster = TestNodes.randomClusterName();
    List<String> sweepEachSecond = List.of("--sweep-interval", "1s");
    List<String> withTls = new ArrayList<>(ClusterKeys.sharedFlags());
    withTls.addAll(sweepEachSecond);
    SignalingNode tls = start(cluster, withTls);
    SignalingNode clear = start(cluster, sweepEachSecond);
    relayWhereTheRecordIsOnTheOtherNode(tls, clear, "to a /wait on the node with TLS");
    relayWhereTheRecordIsOnTheOtherNode(clear, tls, "to a /wait on the node without");
  }

  /**
   * The hard case: the receiver's record is held by the sender's node, so neither the hand-over nor the wake-up
   * that the record's node sends after the in-flight limit can cross the event bus.
   */
  private static void relayWhereTheRecordIsOnTheOtherNode(SignalingNode waitsHere, SignalingNode postsHere,
                                                           String body) {
    WireClient receiverClient = new WireClient(waitsHere.port());
    WireClient senderClient = new WireClient(postsHere.port());
    int receiver = receiverClient.signInId("receiver");
    while (!ownedBy(postsHere, receiver)) {
      receiverClient.signOut(receiver);
      receiver = receiverClient.signInId("receiver");
    }
    int sender = senderClient.signInId("sender");
    CrossNodeRelay.deliver(receiverClient, receiver, senderClient, sender, body,
        () -> Conditions.await("parked", () -> waitsHere.parkedWaits() == 1));
    receiverClient.signOut(receiver);
    senderClient.signOut(sender);
  }

  private static boolean ownedBy(SignalingNode node, int peerId) {
    HazelcastInstance hazelcast = hazelcastOf(node);
    return hazelcast.getPartitionService().getPartition(peerId).getOwner().localMember();
  }

  private static HazelcastInstance hazelcastOf(SignalingNode node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
  }

  @Test
  void aFrameSentInTheClearToATlsNodeIsRefused() throws Exception {
    int eventBusPort = Ports.free();
    SignalingNode node = start(TestNodes.randomClusterName(), withPort(ClusterKeys.sharedFlags(), eventBusPort));
    Victim victim = parkVictim(node);
    try (Socket attacker = new Socket()) {
      attacker.connect(new InetSocketAddress("127.0.0.1", eventBusPort), 5_000);
      send(attacker, victim.forgedFrame());
      assertThat(closedByNode(attacker)).as("the node closes the connection").isTrue();
    }
    victim.getsTheRealMessage(node);
  }

  @Test
  void aFrameOverTlsWithAKeyOfItsOwnIsRefused() throws Exception {
    int eventBusPort = Ports.free();
    SignalingNode node = start(TestNodes.randomClusterName(), withPort(ClusterKeys.sharedFlags(), eventBusPort));
    Victim victim = parkVictim(node);
    Path ownKey = ClusterKeys.keystore(keys, "attacker", "CN=signaling-tests");
    for (SSLContext context : List.of(tls(ownKey), tls(null))) {
      try (SSLSocket attacker = (SSLSocket) context.getSocketFactory().createSocket()) {
        attacker.connect(new InetSocketAddress("127.0.0.1", eventBusPort), 5_000);
        attacker.setSoTimeout(10_000);
        // With TLS 1.3 the client's side of the handshake may finish before the node has judged its
        // certificate; the refusal then arrives as the connection's end.
        try {
          attacker.startHandshake();
          send(attacker, victim.forgedFrame());
          assertThat(closedByNode(attacker)).as("the node closes the connection").isTrue();
        } catch (IOException refused) {
          assertThat(refused).isInstanceOf(javax.net.ssl.SSLException.class);
        }
      }
    }
    victim.getsTheRealMessage(node);
  }

  @Test
  void withoutTlsTheSameFrameIsDelivered() throws Exception {
    // The control: the frame is well made, and a node without the key's protection takes it.
    int eventBusPort = Ports.free();
    SignalingNode node = start(TestNodes.randomClusterName(), List.of("--event-bus-port",
        String.valueOf(eventBusPort)));
    Victim victim = parkVictim(node);
    try (Socket attacker = new Socket()) {
      attacker.connect(new InetSocketAddress("127.0.0.1", eventBusPort), 5_000);
      send(attacker, victim.forgedFrame());
      WireResponse answered = assertAnswered(victim.parked().response(), 200);
      assertThat(answered.body()).isEqualTo(FORGED);
      assertThat(answered.pragma()).isEqualTo(ATTACKERS_ID);
    }
  }

  private SignalingNode start(String cluster, List<String> flags) {
    List<String> all = new ArrayList<>(List.of("--sweep-interval", "60m", "--cluster-members", TestCluster.MEMBERS));
    all.addAll(flags); // a test's own flags win
    SignalingNode node = TestNodes.startInCluster(cluster, all.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  private static List<String> tlsFlags(Path keystore) {
    return List.of("--cluster-tls-keystore", keystore.toString(), "--cluster-tls-password", ClusterKeys.PASSWORD);
  }

  private static List<String> withPort(List<String> flags, int eventBusPort) {
    List<String> all = new ArrayList<>(flags);
    all.addAll(List.of("--event-bus-port", String.valueOf(eventBusPort)));
    return all;
  }

  /** A peer signed in and waiting, as the attacker sees it: its id, and the waiter the cluster holds for it. */
  private record Victim(int id, int friend, WireClient client, PendingRequest parked, String nodeId, Waiter waiter) {

    /** A Vert.x event-bus frame, as its cluster codec writes one, carrying a hand-over to the victim's /wait. */
    byte[] forgedFrame() {
      MailItem item = MailItem.message(ATTACKERS_ID, null, FORGED.getBytes(StandardCharsets.UTF_8), 1L);
      Buffer body = WakeUps.handOverMessage(ClusterLayout.RECORDS, waiter, id, item);
      Buffer frame = Buffer.buffer().appendInt(0).appendByte((byte) 2) // length (set below), wire version
          .appendByte((byte) 11).appendByte((byte) 0); // Buffer codec, point-to-point
      appendText(frame, "signaling.node." + nodeId);
      frame.appendInt(0); // no reply address
      appendText(frame, "attacker");
      frame.appendInt(4); // no headers
      frame.appendInt(body.length()).appendBuffer(body);
      frame.setInt(0, frame.length() - 4);
      return frame.getBytes();
    }

    /** The /wait the attacker aimed at is still parked, and takes the real message with its real sender. */
    void getsTheRealMessage(SignalingNode node) {
      assertThat(node.parkedWaits()).as("the victim's /wait is still parked").isEqualTo(1);
      assertAnswered(client.message(friend, id, "the real one"), 200);
      WireResponse answered = assertAnswered(parked.response(), 200);
      assertThat(answered.body()).isEqualTo("the real one");
      assertThat(answered.pragma()).isEqualTo(friend);
    }

    private static void appendText(Buffer frame, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      frame.appendInt(bytes.length).appendBytes(bytes);
    }
  }

  private static Victim parkVictim(SignalingNode node) {
    WireClient client = new WireClient(node.port());
    int victim = client.signInId("victim");
    int friend = client.signInId("friend");
    assertThat(client.startWait(victim).response().body()).isEqualTo("friend," + friend + ",1\n");
    PendingRequest wait = client.startWait(victim);
    Conditions.await("the victim's /wait is parked", () -> node.parkedWaits() == 1);
    HazelcastInstance hazelcast = hazelcastOf(node);
    PeerRecord record = (PeerRecord) hazelcast.getMap(HazelcastPeerDirectory.PEERS_MAP).get(victim);
    assertThat(record.waiter()).as("the victim's waiter, as a rogue member reads it").isNotNull();
    return new Victim(victim, friend, client, wait, node.nodeId(), record.waiter());
  }

  private static void send(Socket socket, byte[] bytes) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Whether the node ends the connection (end of stream, or a reset or a TLS alert) within ten seconds. */
  private static boolean closedByNode(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // a TLS alert's bytes, if any
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException endedAbruptly) {
      return true;
    }
  }

  /** A client TLS context that trusts any server and presents the given keystore's key (null: no key). */
  private static SSLContext tls(Path keystore) throws Exception {
    KeyManagerFactory keyManagers = null;
    if (keystore != null) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, ClusterKeys.PASSWORD.toCharArray());
      }
      keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(store, ClusterKeys.PASSWORD.toCharArray());
    }
    TrustManager trustAnyone = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), new TrustManager[] {trustAnyone}, null);
    return context;
  }
}
