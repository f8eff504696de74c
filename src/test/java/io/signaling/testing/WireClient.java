package io.signaling.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Speaks to a node over raw sockets, writing requests byte for byte as peer_connection_client.cc does (HTTP/1.0,
 * no Host, one request per connection) and reading each reply until the server closes the connection.
 * The socket read timeout is only a guard so a broken server fails the test instead of hanging it.
 */
public final class WireClient {

  public static final int GUARD_MILLIS = 15_000;

  private final String host;
  private final int port;
  /** The address connections come from, or null for the system's choice (several 127.x stand for several clients). */
  private final String localAddress;
  /** The room every request's path is put in ({@code /rooms/<room>} before it), or null for the bare paths. */
  private final String room;

  public WireClient(int port) {
    this("127.0.0.1", port);
  }

  public WireClient(String host, int port) {
    this(host, port, null, null);
  }

  private WireClient(String host, int port, String localAddress, String room) {
    this.host = host;
    this.port = port;
    this.localAddress = localAddress;
    this.room = room;
  }

  /** The same server, with every connection from the given local address (e.g. {@code 127.0.0.7}). */
  public WireClient from(String address) {
    return new WireClient(host, port, address, room);
  }

  /**
   * The same server, with every request sent under the room's prefix: {@code GET /wait?...} goes out as
   * {@code GET /rooms/<room>/wait?...}, whatever wrote it. So a suite written for the bare paths runs in a room.
   */
  public WireClient inRoom(String name) {
    return new WireClient(host, port, localAddress, name);
  }

  /** The room this client's requests go to, or null for the bare paths. */
  public String room() {
    return room;
  }

  public int port() {
    return port;
  }

  public WireResponse signIn(String name) {
    return exchange("GET /sign_in?" + name + " HTTP/1.0\r\n\r\n");
  }

  /** Signs in and returns the new peer's id (the Pragma of the reply). */
  public int signInId(String name) {
    WireResponse reply = signIn(name);
    if (reply.status() != 200) {
      throw new AssertionError("sign-in failed: " + reply.text());
    }
    return reply.pragma();
  }

  public WireResponse message(int from, int to, String body) {
    return exchange(messageRequest(from, to, body));
  }

  public static String messageRequest(int from, int to, String body) {
    return "POST /message?peer_id=" + from + "&to=" + to + " HTTP/1.0\r\nContent-Length: "
        + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\nContent-Type: text/plain\r\n\r\n" + body;
  }

  public WireResponse signOut(int id) {
    return exchange("GET /sign_out?peer_id=" + id + " HTTP/1.0\r\n\r\n");
  }

  /** Sends /wait and returns at once; the reply is read with {@link PendingRequest#response()}. */
  public PendingRequest startWait(int id) {
    return start("GET /wait?peer_id=" + id + " HTTP/1.0\r\n\r\n");
  }

  /** One whole request/response on a fresh connection. */
  public WireResponse exchange(String request) {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  public WireResponse exchange(byte[] request) {
    try (PendingRequest pending = start(request)) {
      return pending.response();
    }
  }

  public PendingRequest start(String request) {
    return start(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  public PendingRequest start(byte[] request) {
    PendingRequest pending = open();
    pending.send(room == null ? request : intoRoom(request));
    return pending;
  }

  /** The request with its target under the room's prefix, if the target is a path; else as it is. */
  private byte[] intoRoom(byte[] request) {
    int space = 0;
    while (space < request.length && request[space] != ' ' && request[space] != '\r') {
      space++;
    }
    if (space + 1 >= request.length || request[space] != ' ' || request[space + 1] != '/') {
      return request;
    }
    byte[] prefix = ("/rooms/" + room).getBytes(StandardCharsets.ISO_8859_1);
    byte[] moved = new byte[request.length + prefix.length];
    System.arraycopy(request, 0, moved, 0, space + 1);
    System.arraycopy(prefix, 0, moved, space + 1, prefix.length);
    System.arraycopy(request, space + 1, moved, space + 1 + prefix.length, request.length - space - 1);
    return moved;
  }

  /** A connected socket with nothing sent yet. */
  public PendingRequest open() {
    try {
      Socket socket = new Socket();
      if (localAddress != null) {
        socket.bind(new InetSocketAddress(localAddress, 0));
      }
      socket.connect(new InetSocketAddress(host, port), GUARD_MILLIS);
      socket.setSoTimeout(GUARD_MILLIS);
      return new PendingRequest(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request on its own connection whose reply has not been read yet. */
  public static final class PendingRequest implements AutoCloseable {
    private final Socket socket;

    PendingRequest(Socket socket) {
      this.socket = socket;
    }

    public Socket socket() {
      return socket;
    }

    public void send(String bytes) {
      send(bytes.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) {
      try {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Reads until the server closes the connection; fails if it does not within the guard time. */
    public WireResponse response() {
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      try {
        InputStream in = socket.getInputStream();
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk)) >= 0; ) {
          received.write(chunk, 0, n);
        }
        return new WireResponse(received.toByteArray(), true);
      } catch (SocketTimeoutException e) {
        return new WireResponse(received.toByteArray(), false);
      } catch (IOException e) {
        // a reset after the response still leaves what was read
        return new WireResponse(received.toByteArray(), true);
      } finally {
        close();
      }
    }

    /** Closes abruptly (RST), as a client that dies does. */
    public void reset() {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
