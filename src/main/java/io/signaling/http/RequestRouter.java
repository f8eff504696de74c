package io.signaling.http;

import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.signaling.delivery.ParkedWaits;
import io.signaling.directory.PeerDirectory;
import io.signaling.directory.PeerOwner;
import io.signaling.flows.PeerFlows;
import io.signaling.guard.ClientLimits;
import io.signaling.guard.PeerBinding;
import io.signaling.guard.SignInTokens;
import io.signaling.protocol.BearerToken;
import io.signaling.protocol.Endpoint;
import io.signaling.protocol.HttpRequest;
import io.signaling.protocol.PeerIdParameter;
import io.signaling.protocol.PeerList;
import io.signaling.protocol.PeerName;
import io.signaling.protocol.Response;
import io.signaling.protocol.RoomName;
import io.signaling.protocol.RoomPath;
import io.signaling.protocol.Status;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes a complete request to its endpoint and turns the outcome into the reply docs/protocol.md gives for it. */
public final class RequestRouter {

  private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

  /** Where the demo page is served; the reference answers 500 Sorry there, as this node does without the page. */
  static final String DEMO_PATH = "/";

  /** The budget of undelivered items is spent: for a message, and for a sign-in, whose joins need room too. */
  private static final Response BUDGET_SPENT = Response.refusal(Status.SERVICE_UNAVAILABLE,
      "The server holds all the undelivered messages it can; try later.");

  /** A node that sees fewer members than its quorum: it may be the small side of a split. */
  private static final Response NO_QUORUM = Response.refusal(Status.SERVICE_UNAVAILABLE,
      "This node is cut off from most of the cluster; try again.");

  /** A peer request without a token while tokens are on. */
  private static final Response TOKEN_NEEDED = Response.refusal(Status.UNAUTHORIZED,
      "A sign-in token is needed: Authorization: Bearer <token>, or token=<token> in the query.");
  /** A token no configured key signed, expired, not yet valid, or naming nobody. */
  private static final Response TOKEN_REFUSED = Response.refusal(Status.UNAUTHORIZED,
      "The sign-in token is not valid.");
  /** A path under /rooms/ whose room part is no room name. */
  private static final Response BAD_ROOM = Response.refusal(Status.BAD_REQUEST,
      "A room name is 1 to 64 of A-Z a-z 0-9 . _ - (not . or ..): /rooms/<room>/sign_in and so on.");
  /** A request in a room while a node of a release without rooms is in the cluster. */
  private static final Response ROOMS_CLOSED = Response.refusal(Status.SERVICE_UNAVAILABLE,
      "Rooms are closed while the cluster is upgraded; try again in a few minutes.");

  private final PeerFlows flows;
  private final ParkedWaits parkedWaits;
  private final ClientLimits clientLimits;
  private final BooleanSupplier quorum;
  private final PeerBinding binding;
  /** The sign-in token verifier, or null when tokens are off. */
  private final SignInTokens tokens;
  private final Response demoPage;
  private final PeerDirectory directory;

  /**
   * @param quorum   whether the node sees a quorum of the cluster; without it every peer request gets 503
   * @param binding  what ties a peer to the client that signed it in
   * @param tokens   the sign-in token verifier, or null when tokens are off
   * @param demoPage the page for GET {@code /}, or null to answer there as the reference does
   * @param directory asked whether rooms are open (they are not during an upgrade from a release without them)
   */
  public RequestRouter(PeerFlows flows, ParkedWaits parkedWaits, ClientLimits clientLimits, BooleanSupplier quorum,
                       PeerBinding binding, SignInTokens tokens, Response demoPage, PeerDirectory directory) {
    this.directory = directory;
    this.flows = flows;
    this.parkedWaits = parkedWaits;
    this.clientLimits = clientLimits;
    this.quorum = quorum;
    this.binding = binding;
    this.tokens = tokens;
    this.demoPage = demoPage;
  }

  /** Where a request goes: its endpoint, and for the four peer endpoints the room its path addresses. */
  private record Route(Endpoint endpoint, RoomPath path) {
  }

  void route(HttpRequest request, ClientConnection connection) {
    Route route = routeOf(request);
    Endpoint endpoint = route.endpoint();
    connection.asked(endpoint);
    if (route.path().isBadRoom()) {
      connection.answer(BAD_ROOM);
      return;
    }
    String room = route.path().room();
    if (endpoint.isPeerRequest() && !quorum.getAsBoolean()) {
      // A /wait is closed without an answer, as at a drain: its client (and HAProxy, which retries it on another
      // node) sends it again at once, while any other status would make peerconnection_client sign off.
      if (endpoint == Endpoint.WAIT) {
        connection.closeWithoutAnswer();
      } else {
        connection.answer(NO_QUORUM);
      }
      return;
    }
    if (endpoint.isPeerRequest() && !room.isEmpty() && !directory.roomsOpen()) {
      connection.answer(ROOMS_CLOSED);
      return;
    }
    if (endpoint.namesPeers() && refused(clientLimits.peerLookup(connection.clientAddress()), connection,
        "Too many requests for unknown peers from your address.")) {
      return;
    }
    if (tokens != null && endpoint.isPeerRequest()) {
      String token = BearerToken.of(request);
      if (token == null) {
        connection.answer(TOKEN_NEEDED);
        return;
      }
      tokens.verify(token).onComplete(verified -> {
        if (verified.failed()) {
          connection.answer(TOKEN_REFUSED);
        } else if (!verified.result().admitsRoom(room)) {
          connection.answer(Response.refusal(Status.FORBIDDEN, "The sign-in token is for "
              + RoomName.shown(verified.result().room()) + ", not " + RoomName.shown(room) + "."));
        } else {
          serve(endpoint, request, connection, new Requester(room, verified.result()));
        }
      });
      return;
    }
    serve(endpoint, request, connection, new Requester(room, null));
  }

  /**
   * Who a peer request comes from, as far as the request says: the room its path addresses and, with tokens on,
   * the holder of its valid token (else null).
   */
  private record Requester(String room, SignInTokens.Holder holder) {
  }

  private void serve(Endpoint endpoint, HttpRequest request, ClientConnection connection, Requester requester) {
    switch (endpoint) {
      case PREFLIGHT -> connection.answer(Response.preflight());
      case DEMO -> connection.answer(demoPage);
      case SIGN_IN -> signIn(request, connection, requester);
      case WAIT -> await(request, connection, requester);
      case MESSAGE -> message(request, connection, requester);
      case SIGN_OUT -> signOut(request, connection, requester);
      // The reference takes any POST with a body for a peer request, hence Error there and Sorry for a GET.
      case OTHER, UNREAD -> connection.answer(request.isPost() ? Response.peerGone() : Response.sorry());
    }
  }

  /**
   * The route table: a preflight whatever its path, the demo page at exactly / when it is served, else by path,
   * bare (the default room) or under a room's prefix.
   */
  private Route routeOf(HttpRequest request) {
    RoomPath inRoom = RoomPath.of(request.path());
    if (request.isOptions()) {
      return new Route(Endpoint.PREFLIGHT, RoomPath.of("/"));
    }
    if (demoPage != null && !request.isPost() && request.path().equals(DEMO_PATH)) {
      return new Route(Endpoint.DEMO, inRoom);
    }
    if (inRoom.isBadRoom()) {
      return new Route(Endpoint.OTHER, inRoom);
    }
    return new Route(switch (inRoom.rest()) {
      case "/sign_in" -> Endpoint.SIGN_IN;
      case "/sign_out" -> Endpoint.SIGN_OUT;
      case "/wait" -> Endpoint.WAIT;
      case "/message" -> Endpoint.MESSAGE;
      default -> Endpoint.OTHER;
    }, inRoom);
  }

  private void signIn(HttpRequest request, ClientConnection connection, Requester requester) {
    SignInTokens.Holder holder = requester.holder();
    // With tokens, the token names the peer; the name in the query (if any) is not believed.
    byte[] name = holder != null ? holder.name().getBytes(StandardCharsets.UTF_8) : PeerName.requested(request.query());
    if (PeerName.hasControlBytes(name)) {
      connection.answer(Response.refusal(Status.BAD_REQUEST, "A peer name must not contain control characters."));
      return;
    }
    if (refused(clientLimits.signIn(connection.clientAddress()), connection, "Too many sign-ins from your address.")) {
      return;
    }
    reply(connection, flows.signIn(name, connection.clientAddress(), owner(connection, requester)),
        signedIn -> Response.added(signedIn.self().id(), PeerList.signInBody(signedIn.self(), signedIn.others())));
  }

  private void await(HttpRequest request, ClientConnection connection, Requester requester) {
    withPeerId(request, connection, peer -> parkedWaits.park(peer, connection, owner(connection, requester)));
  }

  private void message(HttpRequest request, ClientConnection connection, Requester requester) {
    PeerIdParameter from = PeerIdParameter.peerId(request.query());
    PeerIdParameter to = PeerIdParameter.to(request.query());
    if (from.isInvalid() || to.isInvalid()) {
      connection.answer(invalid(from.isInvalid() ? "peer_id" : "to"));
      return;
    }
    if (!from.isValid() || !to.isValid()) {
      connection.answer(Response.peerGone());
      return;
    }
    if (refused(clientLimits.message(connection.clientAddress(), from.value()), connection,
        "Too many messages from this peer.")) {
      return;
    }
    // A GET /message relays an empty message without a type, as the reference does.
    String contentType = request.isPost() ? request.contentType() : null;
    Future<PeerFlows.Relay> relayed = flows.relay(from.value(), to.value(), contentType, request.body(),
        owner(connection, requester));
    reply(connection, relayed, relay -> switch (relay) {
      case STORED -> Response.ok();
      case ECHO -> Response.message(from.value(), contentType, request.body());
      case UNKNOWN_SENDER, UNKNOWN_TARGET -> Response.peerGone();
      case MAILBOX_FULL -> Response.refusal(Status.SERVICE_UNAVAILABLE, "The target's mailbox is full; try later.");
      case STORAGE_FULL -> BUDGET_SPENT;
      case SENDER_FULL -> Response.refusal(Status.SERVICE_UNAVAILABLE,
          "This peer has too many messages waiting to be read; try later.");
      case TARGET_HOLDS_TOO_MUCH -> Response.refusal(Status.SERVICE_UNAVAILABLE,
          "The target's client leaves too many messages unread; try later.");
    });
  }

  private void signOut(HttpRequest request, ClientConnection connection, Requester requester) {
    withPeerId(request, connection, peer -> reply(connection, flows.signOut(peer, owner(connection, requester)),
        removed -> removed ? Response.ok() : Response.sorry()));
  }

  /** Whom this request comes from and in which room, for the peer it signs in or names as its own. */
  private PeerOwner owner(ClientConnection connection, Requester requester) {
    SignInTokens.Holder holder = requester.holder();
    return binding.ownerOf(connection.clientAddress(), holder == null ? null : holder.subject(), requester.room());
  }

  /** /wait and /sign_out: a malformed peer_id is a 400, a missing one is an unknown peer (500 Sorry). */
  private static void withPeerId(HttpRequest request, ClientConnection connection, IntConsumer action) {
    PeerIdParameter peer = PeerIdParameter.peerId(request.query());
    if (peer.isInvalid()) {
      connection.answer(invalid("peer_id"));
    } else if (!peer.isValid()) {
      connection.answer(Response.sorry());
    } else {
      action.accept(peer.value());
    }
  }

  /** Answers 429 if a limit refused the request; true when it did. */
  private static boolean refused(ClientLimits.Admission admission, ClientConnection connection, String explanation) {
    if (admission.admitted()) {
      return false;
    }
    connection.answer(Response.tooManyRequests(explanation + " Try again later.", admission.retryAfterSeconds()));
    return true;
  }

  private static <T> void reply(ClientConnection connection, Future<T> outcome, Function<T, Response> toResponse) {
    outcome.onComplete(result -> connection.answer(
        result.succeeded() ? toResponse.apply(result.result()) : failureResponse(result.cause())));
  }

  private static Response failureResponse(Throwable failure) {
    if (failure instanceof PeerFlows.SignInRefused refused) {
      return switch (refused.refusal()) {
        case CLUSTER_FULL -> Response.refusal(Status.SERVICE_UNAVAILABLE, "Too many peers are signed in; try later.");
        case ROOM_FULL -> Response.refusal(Status.SERVICE_UNAVAILABLE, "This room is full; try later.");
        case TOO_MANY_ROOMS -> Response.refusal(Status.SERVICE_UNAVAILABLE,
            "Too many rooms are open; try later, or join a room that is.");
        case STORAGE_FULL -> BUDGET_SPENT;
      };
    }
    if (causedBy(failure, SplitBrainProtectionException.class)) {
      return NO_QUORUM; // Hazelcast noticed before this node's own check did; the node logs its quorum loss once
    }
    LOG.warn("request failed on the cluster state", failure);
    return Response.refusal(Status.SERVICE_UNAVAILABLE, "Cluster state unavailable; try again.");
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  private static Response invalid(String parameter) {
    return Response.refusal(Status.BAD_REQUEST, parameter + " must be a peer id, a number from 0 to 2147483647.");
  }
}
