package io.signaling.testing;

import java.nio.charset.StandardCharsets;

/**
 * Requests as server_test.html sends them through XMLHttpRequest in Chromium: HTTP/1.1, keep-alive, Host,
 * Origin and the usual browser headers; its own id comes from the first line of the sign-in body.
 */
public final class BrowserClient {

  private static final String ORIGIN = "http://page.example:8000";
  private final WireClient wire;

  public BrowserClient(int port) {
    this.wire = new WireClient(port);
  }

  public static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0\r\nAccept: */*\r\nOrigin: " + ORIGIN
        + "\r\nReferer: " + ORIGIN + "/server_test.html\r\nAccept-Encoding: gzip, deflate\r\n"
        + "Accept-Language: en-US\r\n\r\n";
  }

  public static String post(String target, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Length: "
        + bytes.length + "\r\nContent-Type: text/plain\r\nAccept: */*\r\nOrigin: " + ORIGIN + "\r\n\r\n"
        + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Signs in as the page does (lower-cased name) and returns the id it reads from the body. */
  public int signIn(String name) {
    WireResponse reply = wire.exchange(get("/sign_in?" + name.toLowerCase()));
    String firstLine = reply.body().split("\n")[0];
    return Integer.parseInt(firstLine.split(",")[1]);
  }

  public WireClient.PendingRequest startWait(int id) {
    return wire.start(get("/wait?peer_id=" + id));
  }

  public WireResponse send(int from, int to, String text) {
    return wire.exchange(post("/message?peer_id=" + from + "&to=" + to, text));
  }

  public WireResponse signOut(int id) {
    return wire.exchange(get("/sign_out?peer_id=" + id));
  }
}
