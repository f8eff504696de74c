package io.signaling.http;

import static io.signaling.testing.WireAssertions.assertAnswered;
import static org.assertj.core.api.Assertions.assertThat;

import io.signaling.testing.WireResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code --allowed-origins}, on the wire: a script on another web page drives a visitor's browser, which names
 * that page in {@code Origin}. With a list, such a request is refused before it does anything; by default (any
 * page, as the reference) nothing changes, byte for byte.
 */
class AllowedOriginsIT {

  private static final String EVIL = "https://evil.example";
  private static final String APP = "https://app.example";

  private static String withOrigin(String requestLine, String origin) {
    return requestLine + "\r\nHost: signal.example:8888\r\nOrigin: " + origin + "\r\n\r\n";
  }

  @Nested
  class ListGiven extends OneNodeIT {

    @Override
    String[] flags() {
      return new String[] {"--allowed-origins", APP + ", null"};
    }

    @Test
    void aForeignPageCanNeitherSignInNorReadNorSendNorSignOut() {
      int victim = client.signInId("victim");
      int other = client.signInId("other");
      // The foreign page tries everything a hostile client would, each time through the visitor's browser.
      assertRefused(client.exchange(withOrigin("GET /sign_in?mallory HTTP/1.1", EVIL)));
      assertRefused(client.exchange(withOrigin("GET /wait?peer_id=" + victim + " HTTP/1.1", EVIL)));
      assertRefused(client.exchange(withOrigin("GET /message?peer_id=" + victim + "&to=" + other + " HTTP/1.1", EVIL)));
      assertRefused(client.exchange(withOrigin("GET /sign_out?peer_id=" + victim + " HTTP/1.1", EVIL)));
      // Nothing happened: the victim is still listed, its mailbox has only the join of "other", nobody else joined.
      WireResponse listing = assertAnswered(client.signIn("observer"), 200, null);
      assertThat(listing.body()).contains("victim," + victim + ",1").doesNotContain("mallory");
      WireResponse mail = assertAnswered(client.exchange("GET /wait?peer_id=" + victim + " HTTP/1.0\r\n\r\n"), 200, null);
      assertThat(mail.body()).isEqualTo("other," + other + ",1\n");
    }

    @Test
    void aListedPageIsServedAndToldItMayReadTheAnswer() {
      WireResponse signIn = assertAnswered(client.exchange(withOrigin("GET /sign_in?app-user HTTP/1.1", APP)), 200, APP);
      assertThat(signIn.body()).startsWith("app-user,");
      // Origins compare without case, as browsers send them lower-cased anyway; a preflight passes the same way.
      assertAnswered(client.exchange(withOrigin("OPTIONS /message HTTP/1.1", "HTTPS://APP.example")), 200,
          "HTTPS://APP.example");
      // A page opened from a file says "null", listed here.
      assertAnswered(client.exchange(withOrigin("GET /sign_in?from-file HTTP/1.1", "null")), 200, "null");
    }

    @Test
    void theServersOwnPagesAndClientsWithoutAnOriginAreNotJudged() {
      // The demo page, served by this node: its origin is the host the request was sent to.
      assertAnswered(client.exchange(withOrigin("GET /sign_in?demo HTTP/1.1", "http://signal.example:8888")), 200,
          "http://signal.example:8888");
      // The native client sends no Origin (its exact request): served, and no page is named.
      assertAnswered(client.exchange("GET /sign_in?native HTTP/1.0\r\n\r\n"), 200, null);
    }

    @Test
    void twoOriginHeadersAreABadRequest() {
      assertAnswered(client.exchange("GET /sign_in?x HTTP/1.1\r\nOrigin: " + APP + "\r\nOrigin: " + EVIL + "\r\n\r\n"),
          400, null);
    }

    private void assertRefused(WireResponse response) {
      assertAnswered(response, 403, null);
      assertThat(response.body()).isEqualTo("Requests from this web page's origin are not allowed here.\n");
    }
  }

  @Nested
  class ByDefault extends OneNodeIT {

    @Test
    void anyPageIsServedWithTheReferencesHeaders() {
      WireResponse signIn = assertAnswered(client.exchange(withOrigin("GET /sign_in?anyone HTTP/1.1", EVIL)), 200);
      assertThat(signIn.head()).doesNotContain("Vary:");
      assertAnswered(client.exchange(withOrigin("GET /sign_in?from-file HTTP/1.1", "null")), 200);
    }
  }
}
