package io.signaling.probe;

import io.signaling.guard.SignInTokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sign-in token the probe's peers carry where the nodes require one ({@code --auth-jwt-secret},
 * {@code --auth-jwks-file}): one given in a file, or one the probe signs itself with the nodes' HS256 secret,
 * naming itself as subject and living only as long as the probe may run.
 */
final class ProbeToken {

  /** The subject and the peer name of a token the probe signs. */
  static final String SUBJECT = "signaling-probe";

  private ProbeToken() {
  }

  /** The token to send, or null when neither a file nor a secret is given (the nodes ask for none). */
  static String of(Path file, String secret, Duration lifetime) throws java.io.IOException {
    if (file != null) {
      String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (token.isEmpty()) {
        throw new IllegalArgumentException("--token-file " + file + " is empty");
      }
      return token;
    }
    return secret == null || secret.isEmpty() ? null : signed(secret, lifetime);
  }

  private static String signed(String secret, Duration lifetime) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth issuer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(SignInTokens.sharedSecretKey(secret)));
      int seconds = (int) Math.min(Integer.MAX_VALUE, lifetime.toSeconds() + 60);
      return issuer.generateToken(new JsonObject().put("sub", SUBJECT).put("name", "probe"),
          new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(seconds));
    } finally {
      vertx.close();
    }
  }
}
