package io.signaling.directory;

import java.security.SecureRandom;

/**
 * Candidates for new peer ids, drawn at random from 1 to 2^31-1 (every id the protocol can carry but 0); the
 * registration that follows takes a candidate only if no peer holds it. No state is shared, so nothing can be
 * lost or split: the two sides of a partition, or a cluster that lost the nodes holding a counter, still never
 * give one id to two live peers. Random also means unguessable: knowing one's own id tells nothing of the others'.
 * With n peers signed in, a candidate is taken with probability n / 2^31 (4.7e-5 at 100,000), and the sign-in
 * simply draws again.
 */
final class PeerIds {

  /** Seeded from the system's entropy source once; thread-safe, fast after that. */
  private static final SecureRandom RANDOM = new SecureRandom();

  private PeerIds() {
  }

  static int candidate() {
    return 1 + RANDOM.nextInt(Integer.MAX_VALUE); // 1 .. 2^31-1
  }
}
