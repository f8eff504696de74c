package io.signaling.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The protocol as the C++ client speaks it: HTTP/1.0, a new connection for every request, the answer read
 * until the server closes or Content-Length bytes of body are in. Non-blocking, so one process holds thousands of
 * parked /waits; connections are spread over several source addresses in 127.0.0.0/8, each with its own range of
 * ephemeral ports. A peer keeps
 * the address it signed in from, as a real client does: the server binds the peer to it.
 */
final class SignalingClient {

  private final Vertx vertx;
  private final List<URI> servers;
  private final List<NetClient> clients = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger nextServer = new AtomicInteger();
  private final AtomicInteger open = new AtomicInteger();
  /** The source address (its client) each peer signed in from. */
  private final Map<Integer, NetClient> peerClients = new ConcurrentHashMap<>();
  /** The path prefix of each peer's room ("/rooms/<room>"), for peers not in the default room. */
  private final Map<Integer, String> peerRooms = new ConcurrentHashMap<>();

  SignalingClient(Vertx vertx, URI server, int sourceAddresses) {
    this(vertx, List.of(server), 1, sourceAddresses);
  }

  /** Connections from 127.0.0.{firstHost} onwards, {@code sourceAddresses} of them (loopback targets only). */
  SignalingClient(Vertx vertx, URI server, int firstHost, int sourceAddresses) {
    this(vertx, List.of(server), firstHost, sourceAddresses);
  }

  /**
   * The same to several servers (nodes of one cluster, no balancer between): each request goes to the next of
   * them in turn, as a non-sticky balancer would send it.
   */
  SignalingClient(Vertx vertx, List<URI> servers, int firstHost, int sourceAddresses) {
    this.vertx = vertx;
    this.servers = List.copyOf(servers);
    String host = servers.get(0).getHost();
    // 0 source addresses: none bound, the kernel picks address and port at connect. Binding an address picks the
    // port at bind, which cannot reuse a port in TIME_WAIT and scans for a free one: past some thousands of new
    // connections a second the generator then spends its time in the kernel (the relay scenario).
    boolean bound = sourceAddresses > 0 && (host.startsWith("127.") || host.equals("localhost"));
    int count = bound ? sourceAddresses : 1;
    for (int i = 0; i < count; i++) {
      NetClientOptions options = new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000);
      if (bound) {
        options.setLocalAddress("127.0.0." + (firstHost + i));
      }
      clients.add(vertx.createNetClient(options));
    }
  }

  /** Connections open now, for the progress line. */
  int openConnections() {
    return open.get();
  }

  Future<Answer> signIn(String name) {
    return signIn("", name);
  }

  /** A sign-in to a room ({@code ""}: the default room, the bare paths); the peer's requests go there from then on. */
  Future<Answer> signIn(String room, String name) {
    NetClient client = nextClient();
    String prefix = room.isEmpty() ? "" : "/rooms/" + room;
    return exchange(client, "GET " + prefix + "/sign_in?" + name + " HTTP/1.0\r\n\r\n", null).onSuccess(answer -> {
      if (answer.status() == 200) {
        peerClients.put(answer.pragma(), client);
        if (!prefix.isEmpty()) {
          peerRooms.put(answer.pragma(), prefix);
        }
      }
    });
  }

  Future<Answer> await(int peer) {
    return exchange(clientOf(peer), "GET " + roomOf(peer) + "/wait?peer_id=" + peer + " HTTP/1.0\r\n\r\n", null);
  }

  Future<Answer> message(int from, int to, byte[] body) {
    return message(from, to, body, 0);
  }

  /**
   * The same, given up after {@code timeoutMillis} (0: never) without a whole answer: the connection is closed and
   * the future fails with a {@link java.util.concurrent.TimeoutException} (whether the server stored the message is
   * unknown).
   */
  Future<Answer> message(int from, int to, byte[] body, long timeoutMillis) {
    return exchange(clientOf(from), "POST " + roomOf(from) + "/message?peer_id=" + from + "&to=" + to
        + " HTTP/1.0\r\nContent-Length: " + body.length + "\r\nContent-Type: text/plain\r\n\r\n", body,
        timeoutMillis);
  }

  Future<Answer> signOut(int peer) {
    return signOut(peer, 0);
  }

  /** The same, given up after {@code timeoutMillis} without an answer (0: never). */
  Future<Answer> signOut(int peer, long timeoutMillis) {
    return exchange(clientOf(peer), "GET " + roomOf(peer) + "/sign_out?peer_id=" + peer + " HTTP/1.0\r\n\r\n", null,
        timeoutMillis).onComplete(done -> {
          peerClients.remove(peer);
          peerRooms.remove(peer);
        });
  }

  private String roomOf(int peer) {
    return peerRooms.getOrDefault(peer, "");
  }

  /** Any request, written as given (a hostile client's, say), from the next source address. */
  Future<Answer> raw(String head, byte[] body) {
    return exchange(nextClient(), head, body);
  }

  private URI nextServer() {
    return servers.size() == 1 ? servers.get(0) : servers.get(Math.floorMod(nextServer.getAndIncrement(), servers.size()));
  }

  private static int port(URI server) {
    return server.getPort() > 0 ? server.getPort() : 80;
  }

  private NetClient nextClient() {
    return clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
  }

  /** The address the peer signed in from; the next one for a peer this client did not sign in. */
  private NetClient clientOf(int peer) {
    NetClient client = peerClients.get(peer);
    return client != null ? client : nextClient();
  }

  /** A connection that sends nothing; it completes when the server closes it (or fails if it cannot connect). */
  Future<Void> idle() {
    NetClient client = nextClient();
    URI server = nextServer();
    Promise<Void> closed = Promise.promise();
    client.connect(port(server), server.getHost()).onFailure(closed::fail).onSuccess(socket -> {
      open.incrementAndGet();
      socket.exceptionHandler(failure -> { });
      socket.closeHandler(ignored -> {
        open.decrementAndGet();
        closed.tryComplete();
      });
    });
    return closed.future();
  }

  private Future<Answer> exchange(NetClient client, String head, byte[] body) {
    return exchange(client, head, body, 0);
  }

  /** One request on a new connection; with a timeout above 0, given up after that many ms. */
  private Future<Answer> exchange(NetClient client, String head, byte[] body, long timeoutMillis) {
    Promise<Answer> answered = Promise.promise();
    URI server = nextServer();
    client.connect(port(server), server.getHost()).onFailure(answered::fail).onSuccess(socket -> {
      open.incrementAndGet();
      if (timeoutMillis > 0) {
        long timer = vertx.setTimer(timeoutMillis, fired -> {
          if (answered.tryFail(new java.util.concurrent.TimeoutException("no answer in " + timeoutMillis + " ms"))) {
            socket.close();
          }
        });
        answered.future().onComplete(done -> vertx.cancelTimer(timer));
      }
      Buffer received = Buffer.buffer(256);
      socket.handler(bytes -> {
        received.appendBuffer(bytes);
        if (Answer.isComplete(received.getBytes())) {
          socket.close(); // as the C++ client does once Content-Length bytes are in; the answer is read on close
        }
      });
      socket.exceptionHandler(failure -> { });
      socket.closeHandler(closed -> {
        open.decrementAndGet();
        try {
          answered.tryComplete(Answer.parse(received.getBytes()));
        } catch (Answer.MalformedAnswer e) {
          answered.tryFail(e);
        }
      });
      Buffer request = Buffer.buffer(head.getBytes(StandardCharsets.US_ASCII));
      if (body != null) {
        request.appendBytes(body);
      }
      socket.write(request);
    });
    return answered.future();
  }

  Future<Void> close() {
    return Future.all(clients.stream().map(NetClient::close).toList()).mapEmpty();
  }

  Vertx vertx() {
    return vertx;
  }
}
