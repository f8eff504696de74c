package io.signaling.guard;

import io.signaling.protocol.RoomName;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may sign in, for deployments that decide it ({@code --auth-jwt-secret}, {@code --auth-jwks-file}): a
 * sign-in carries a JWT that one of the configured keys signed, and the peer is named by the token ({@code name},
 * else {@code sub}) and bound to its subject, so every later request for the peer must carry a token of the same
 * subject. A {@code room} claim pins the room: requests under any other room's path are refused ({@code ""} pins
 * the default room, the bare paths); without it the token serves in every room. {@code exp}, {@code nbf} and
 * {@code iat} are honoured; a token without a signature by a configured key (another key, another algorithm,
 * {@code alg: none}) is refused. Verification is CPU only (vertx-auth-jwt), so it runs on the event loop.
 */
public final class SignInTokens {

  /** What a valid token says about its holder: the room is null when the token does not pin one. */
  public record Holder(String subject, String name, String room) {

    /** Whether the token may be used in that room. */
    public boolean admitsRoom(String requested) {
      return room == null || room.equals(requested);
    }
  }

  private final JWTAuth verifier;

  private SignInTokens(JWTAuth verifier) {
    this.verifier = verifier;
  }

  /**
   * The verifier for the configured keys, or null when there are none (tokens off).
   *
   * @param secret     the HS256 secret, its UTF-8 bytes the key; empty for none
   * @param publicKeys RS256 or ES256 public keys as JWKs ({@link #publicKeys}); empty for none
   */
  public static SignInTokens of(Vertx vertx, String secret, List<JsonObject> publicKeys) {
    if (secret.isEmpty() && publicKeys.isEmpty()) {
      return null;
    }
    JWTAuthOptions options = new JWTAuthOptions();
    if (!secret.isEmpty()) {
      options.addPubSecKey(sharedSecretKey(secret));
    }
    if (!publicKeys.isEmpty()) {
      options.setJwks(publicKeys);
    }
    return new SignInTokens(JWTAuth.create(vertx, options));
  }

  /** The HS256 key of {@code --auth-jwt-secret}: the secret's UTF-8 bytes. The nodes verify with it, the probe signs. */
  public static PubSecKeyOptions sharedSecretKey(String secret) {
    return new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret);
  }

  /**
   * The keys of a JWKS file ({@code {"keys":[...]}}), read when the configuration is: public keys only, since a
   * node only verifies. Throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static List<JsonObject> publicKeys(Path file) {
    try {
      JsonArray keys = new JsonObject(Files.readString(file)).getJsonArray("keys");
      if (keys == null || keys.isEmpty()) {
        throw new IllegalArgumentException(file + " holds no \"keys\"");
      }
      List<JsonObject> publicOnly = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        JsonObject key = keys.getJsonObject(i);
        if (key.containsKey("d")) {
          throw new IllegalArgumentException(file + " holds a private key (\"d\"): give the nodes public keys only");
        }
        publicOnly.add(key);
      }
      return publicOnly;
    } catch (IOException | io.vertx.core.json.DecodeException | ClassCastException e) {
      throw new IllegalArgumentException(file + " is not a JWKS file: " + e.getMessage());
    }
  }

  /** The token's holder; fails if the token is not valid now, names nobody, or names no room in its room claim. */
  public Future<Holder> verify(String token) {
    return verifier.authenticate(new TokenCredentials(token)).compose(user -> {
      JsonObject claims = user.principal();
      String subject = claims.getValue("sub") instanceof String sub ? sub : "";
      if (subject.isEmpty()) {
        return Future.failedFuture("the token has no subject (sub)");
      }
      String name = claims.getValue("name") instanceof String given && !given.isEmpty() ? given : subject;
      Object room = claims.getValue("room");
      if (room != null && !(room instanceof String named && (named.isEmpty() || RoomName.isValid(named)))) {
        return Future.failedFuture("the token's room claim names no room");
      }
      return Future.succeededFuture(new Holder(subject, name, (String) room));
    });
  }
}
