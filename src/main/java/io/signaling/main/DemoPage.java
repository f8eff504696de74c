package io.signaling.main;

import io.signaling.protocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The demo page (one self-contained HTML file: no build step, no third-party scripts), read from the jar once at
 * start-up so that serving it never touches the disk from an event loop.
 */
final class DemoPage {

  static final String RESOURCE = "/demo/index.html";

  private DemoPage() {
  }

  static Response response() {
    try (InputStream page = DemoPage.class.getResourceAsStream(RESOURCE)) {
      if (page == null) {
        throw new IllegalStateException("the demo page " + RESOURCE + " is missing from the jar");
      }
      return Response.page(page.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the demo page", e);
    }
  }
}
