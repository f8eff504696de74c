package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireClient;
import io.signaling.testing.WireClient.PendingRequest;
import io.signaling.testing.WireResponse;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Sign-in tokens on the wire: without a valid token nothing is served (401 with a Bearer challenge in the usual
 * header block), the token names the peer, and a token of another subject is a stranger to the peer, whatever
 * its address.
 */
class SignInTokensIT {

  private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void closeVertx() {
    VERTX.close();
  }

  /** A token issuer of the deployment: signs what the node is configured to verify. */
  static String token(JWTAuth issuer, JsonObject claims, String algorithm) {
    return issuer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm));
  }

  static long now() {
    return System.currentTimeMillis() / 1000;
  }

  static String bearer(String path, String token) {
    return "GET " + path + " HTTP/1.0\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  }

  static void assertUnauthorized(WireResponse reply) {
    assertAnswered(reply, 401);
    assertThat(reply.text()).startsWith("HTTP/1.1 401 Unauthorized\r\n");
    assertThat(reply.head()).contains("\r\nWWW-Authenticate: Bearer\r\n")
        .contains("\r\nAccess-Control-Allow-Headers: Content-Type, Content-Length, Connection, Cache-Control,"
            + " Authorization\r\n");
  }

  @Nested
  class WithASecret extends OneNodeIT {

    private final JWTAuth issuer = JWTAuth.create(VERTX, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));

    @Override
    String[] flags() {
      return new String[] {"--auth-jwt-secret", SECRET};
    }

    @Test
    void withoutAValidTokenNothingIsServed() {
      assertUnauthorized(client.exchange("GET /sign_in?anyone HTTP/1.0\r\n\r\n"));
      assertUnauthorized(client.exchange(bearer("/sign_in?x", "not.a.token")));
      JWTAuth otherIssuer = JWTAuth.create(VERTX, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-of-thirty-two-bytes!!")));
      assertUnauthorized(client.exchange(bearer("/sign_in?x", token(otherIssuer, claims("mallory"), "HS256"))));
      // Unsigned ("alg": "none"), expired, not yet valid, or naming nobody.
      String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
      String unsigned = header + "." + base64Url(claims("mallory").encode()) + ".";
      assertUnauthorized(client.exchange(bearer("/sign_in?x", unsigned)));
      assertUnauthorized(client.exchange(bearer("/sign_in?x",
          token(issuer, claims("alice").put("exp", now() - 60), "HS256"))));
      assertUnauthorized(client.exchange(bearer("/sign_in?x",
          token(issuer, claims("alice").put("nbf", now() + 600), "HS256"))));
      assertUnauthorized(client.exchange(bearer("/sign_in?x", token(issuer, new JsonObject().put("name", "no-one"),
          "HS256"))));
      // Every peer request needs one, not only the sign-in.
      assertUnauthorized(client.exchange("GET /wait?peer_id=1 HTTP/1.0\r\n\r\n"));
      assertUnauthorized(client.exchange(WireClient.messageRequest(1, 2, "hi")));
      assertUnauthorized(client.exchange("GET /sign_out?peer_id=1 HTTP/1.0\r\n\r\n"));
    }

    @Test
    void theTokenNamesThePeerAndOnlyItsSubjectActsForIt() {
      String alice = token(issuer, claims("alice").put("name", "Alice's laptop").put("exp", now() + 600), "HS256");
      String bob = token(issuer, claims("bob"), "HS256");
      WireResponse signedIn = assertAnswered(client.exchange(bearer("/sign_in?chosen-by-the-client", alice)), 200);
      int aliceId = signedIn.pragma();
      assertThat(signedIn.body()).startsWith("Alice's laptop," + aliceId + ",1\n");
      // The query form, as a page adds it: peer_name= beside token= (the name is still the token's).
      WireResponse bobIn = assertAnswered(client.exchange("GET /sign_in?peer_name=ignored&token=" + bob
          + " HTTP/1.0\r\n\r\n"), 200);
      int bobId = bobIn.pragma();
      assertThat(bobIn.body()).startsWith("bob," + bobId + ",1\n");

      // Bob, with his own valid token and the same address, is a stranger to Alice's peer.
      try (PendingRequest parked = client.start(bearer("/wait?peer_id=" + aliceId, alice))) {
        assertThat(assertAnswered(parked.response(), 200).body()).isEqualTo("bob," + bobId + ",1\n");
      }
      ResponseTableIT.assertSorry(client.exchange(bearer("/wait?peer_id=" + aliceId, bob)));
      assertAnswered(client.exchange("POST /message?peer_id=" + aliceId + "&to=" + bobId
          + " HTTP/1.0\r\nAuthorization: Bearer " + bob + "\r\nContent-Length: 6\r\n\r\nforged"), 500);
      ResponseTableIT.assertSorry(client.exchange(bearer("/sign_out?peer_id=" + aliceId, bob)));
      // Alice's own requests are served.
      assertAnswered(client.exchange("POST /message?peer_id=" + aliceId + "&to=" + bobId
          + " HTTP/1.0\r\nAuthorization: Bearer " + alice + "\r\nContent-Length: 4\r\n\r\nreal"), 200);
      WireResponse toBob = assertAnswered(client.exchange("GET /wait?peer_id=" + bobId + "&token=" + bob
          + " HTTP/1.0\r\n\r\n"), 200);
      assertThat(toBob.pragma()).isEqualTo(aliceId);
      assertThat(toBob.body()).isEqualTo("real");
      assertAnswered(client.exchange(bearer("/sign_out?peer_id=" + aliceId, alice)), 200);
      assertAnswered(client.exchange(bearer("/sign_out?peer_id=" + bobId, bob)), 200);
    }

    @Test
    void aRoomClaimPinsTheRoomAndAnotherPrefixIsForbidden() {
      String pinned = token(issuer, claims("carol").put("room", "team-7"), "HS256");
      String lobbyOnly = token(issuer, claims("dave").put("room", ""), "HS256");
      String anyRoom = token(issuer, claims("erin"), "HS256");
      for (String path : new String[] {"/sign_in?x", "/rooms/team-8/sign_in?x", "/rooms/team-7/wait?peer_id=5",
          "/rooms/team-8/sign_out?peer_id=5"}) {
        WireResponse forbidden = client.exchange(bearer(path, path.startsWith("/rooms/team-7") ? lobbyOnly : pinned));
        assertAnswered(forbidden, 403);
        assertThat(forbidden.text()).as(path).startsWith("HTTP/1.1 403 Forbidden\r\n");
      }
      int carol = assertAnswered(client.exchange(bearer("/rooms/team-7/sign_in?x", pinned)), 200).pragma();
      int dave = assertAnswered(client.exchange(bearer("/sign_in?x", lobbyOnly)), 200).pragma();
      WireResponse erinIn = assertAnswered(client.exchange(bearer("/rooms/team-7/sign_in?x", anyRoom)), 200);
      assertThat(erinIn.body()).isEqualTo("erin," + erinIn.pragma() + ",1\ncarol," + carol + ",1\n");
      // A message posted under another prefix is refused before anything is looked up.
      assertAnswered(client.exchange("POST /rooms/team-8/message?peer_id=" + carol + "&to=" + erinIn.pragma()
          + " HTTP/1.0\r\nAuthorization: Bearer " + pinned + "\r\nContent-Length: 2\r\n\r\nhi"), 403);
      assertAnswered(client.exchange(bearer("/rooms/team-7/sign_out?peer_id=" + carol, pinned)), 200);
      assertAnswered(client.exchange(bearer("/sign_out?peer_id=" + dave, lobbyOnly)), 200);
      assertAnswered(client.exchange(bearer("/rooms/team-7/sign_out?peer_id=" + erinIn.pragma(), anyRoom)), 200);
      // A room claim that names no room makes the token invalid.
      for (Object bad : new Object[] {"../etc", "x".repeat(65), 7, new JsonArray().add("team-7")}) {
        assertUnauthorized(client.exchange(bearer("/rooms/team-7/sign_in?x",
            token(issuer, claims("frank").put("room", bad), "HS256"))));
      }
    }
  }

  @Nested
  class WithPublicKeys extends OneNodeIT {

    private final KeyPair keys = ecKeys();
    private final JWTAuth issuer = JWTAuth.create(VERTX, new JWTAuthOptions().setJwks(
        java.util.List.of(jwk(keys, true))));

    @Override
    String[] flags() {
      try {
        Path jwks = Files.createTempFile("signaling-jwks", ".json");
        jwks.toFile().deleteOnExit();
        Files.writeString(jwks, new JsonObject().put("keys", new JsonArray().add(jwk(keys, false))).encode());
        return new String[] {"--auth-jwks-file", jwks.toString()};
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Test
    void anEs256TokenOfTheIssuersKeySignsIn() {
      WireResponse in = assertAnswered(client.exchange(bearer("/sign_in?x", token(issuer, claims("carol"), "ES256"))),
          200);
      assertThat(in.body()).startsWith("carol," + in.pragma() + ",1\n");
      // A token of another key, even of the same kind, is refused.
      JWTAuth stranger = JWTAuth.create(VERTX, new JWTAuthOptions().setJwks(java.util.List.of(jwk(ecKeys(), true))));
      assertUnauthorized(client.exchange(bearer("/sign_in?x", token(stranger, claims("mallory"), "ES256"))));
    }
  }

  static JsonObject claims(String subject) {
    return new JsonObject().put("sub", subject).put("iat", now());
  }

  static String base64Url(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The key as a JWK: the public half, or with the private {@code d} for the issuer. */
  static JsonObject jwk(KeyPair keys, boolean withPrivate) {
    ECPublicKey publicKey = (ECPublicKey) keys.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig")
        .put("kid", "test-" + Integer.toHexString(publicKey.hashCode()))
        .put("x", coordinate(publicKey.getW().getAffineX())).put("y", coordinate(publicKey.getW().getAffineY()));
    if (withPrivate) {
      jwk.put("d", coordinate(((ECPrivateKey) keys.getPrivate()).getS()));
    }
    return jwk;
  }

  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int from = Math.max(0, bytes.length - 32);
    System.arraycopy(bytes, from, fixed, 32 - (bytes.length - from), bytes.length - from);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(fixed, 32));
  }
}
