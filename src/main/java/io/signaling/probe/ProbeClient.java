package io.signaling.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The signaling protocol as {@code peer_connection_client.cc} speaks it: HTTP/1.0, one connection per request,
 * the answer read until the server closes, and parsed the client's way ({@code \r\nContent-Length: },
 * {@code \r\nPragma: }, the status after the first space). Blocking, for the probe's own thread only.
 */
final class ProbeClient {

  /** One answer, parsed as the C++ client parses it. */
  record Answer(int status, int pragma, String body) {
  }

  private final String host;
  private final int port;
  private final int timeoutMillis;
  private final boolean proxyProtocol;
  /** The header line carrying the sign-in token, or empty when the nodes ask for none. */
  private final String authorization;

  /**
   * @param proxyProtocol start each connection with a PROXY protocol v1 line, as the load balancer in front of
   *     nodes started with --proxy-protocol does (they close connections without one)
   * @param token         a sign-in token every request carries (nodes that require tokens), or null
   */
  ProbeClient(String host, int port, int timeoutMillis, boolean proxyProtocol, String token) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
    this.proxyProtocol = proxyProtocol;
    this.authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
  }

  /** Where this client sends its requests, for the probe's log. */
  String server() {
    return host + ":" + port;
  }

  Answer signIn(String name) throws IOException {
    return exchange("GET /sign_in?" + name + " HTTP/1.0\r\n" + authorization + "\r\n");
  }

  Answer await(int peer) throws IOException {
    return exchange("GET /wait?peer_id=" + peer + " HTTP/1.0\r\n" + authorization + "\r\n");
  }

  Answer message(int from, int to, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return exchange("POST /message?peer_id=" + from + "&to=" + to + " HTTP/1.0\r\n" + authorization
        + "Content-Length: " + bytes.length + "\r\nContent-Type: text/plain\r\n\r\n" + body);
  }

  Answer signOut(int peer) throws IOException {
    return exchange("GET /sign_out?peer_id=" + peer + " HTTP/1.0\r\n" + authorization + "\r\n");
  }

  private Answer exchange(String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      OutputStream out = socket.getOutputStream();
      if (proxyProtocol) {
        out.write(proxyLine(socket).getBytes(StandardCharsets.US_ASCII));
      }
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return parse(readUntilClosed(socket.getInputStream()));
    }
  }

  /** The PROXY protocol v1 line naming this connection's own two ends. */
  private static String proxyLine(Socket socket) {
    InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
    InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    String family = local.getAddress() instanceof java.net.Inet6Address ? "TCP6" : "TCP4";
    return "PROXY " + family + " " + literal(local.getAddress()) + " " + literal(remote.getAddress())
        + " " + local.getPort() + " " + remote.getPort() + "\r\n";
  }

  /** An address as the PROXY line and a URL write it: no IPv6 scope. */
  static String literal(java.net.InetAddress end) {
    String address = end.getHostAddress();
    int scope = address.indexOf('%');
    return scope < 0 ? address : address.substring(0, scope);
  }

  private static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toByteArray();
  }

  static Answer parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    int firstSpace = text.indexOf(' ');
    if (headEnd < 0 || firstSpace < 0) {
      throw new IOException("not an HTTP answer: " + abbreviate(text));
    }
    String head = text.substring(0, headEnd + 2);
    int status = leadingNumber(text, firstSpace + 1);
    int length = headerNumber(head, "\r\nContent-Length: ");
    if (length < 0 || headEnd + 4 + length > raw.length) {
      throw new IOException("a " + status + " answer without a complete body after \\r\\nContent-Length: "
          + abbreviate(text));
    }
    String body = new String(raw, headEnd + 4, length, StandardCharsets.UTF_8);
    return new Answer(status, headerNumber(head, "\r\nPragma: "), body);
  }

  private static int headerNumber(String head, String exactName) {
    int at = head.indexOf(exactName);
    return at < 0 ? -1 : leadingNumber(head, at + exactName.length());
  }

  private static int leadingNumber(String text, int from) {
    int end = from;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == from ? -1 : Integer.parseInt(text.substring(from, end));
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
