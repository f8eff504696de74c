package io.signaling.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one HTTP/1.x request from the bytes of a connection, within fixed bounds.
 *
 * <p>The protocol has one request per connection, so after the first complete request the reader is done
 * and later bytes are ignored. Memory is bounded by {@code maxHeaderBytes + maxBodyBytes}: a head that does not
 * end within its limit is refused (414 when even the request line is longer, else 431), a body over its limit
 * is refused before it is read (413). Header names are matched case-insensitively, unlike the reference, so
 * {@code content-length} works too.
 */
public final class RequestReader {

  /** What the connection must do next. */
  public enum Progress {
    /** Keep reading. */
    NEED_MORE,
    /** Answer {@code 100 Continue}, then keep reading the body. */
    SEND_CONTINUE,
    /** {@link #takeRequest()} has the request. */
    COMPLETE,
    /** {@link #refusal()} must be sent, and the connection closed. */
    REFUSED
  }

  /**
   * The node's room for bodies being read: a body is reserved in full before it is read, so that many clients
   * announcing large bodies at once cannot make the node allocate more than it has.
   */
  public interface BodyRoom {
    /** True if {@code bytes} more fit; they are then held until {@link #release}. */
    boolean reserve(int bytes);

    void release(int bytes);

    /** No bound: for parts tested on their own. */
    BodyRoom UNBOUNDED = new BodyRoom() {
      @Override
      public boolean reserve(int bytes) {
        return true;
      }

      @Override
      public void release(int bytes) {
      }
    };
  }

  private final int maxHeaderBytes;
  private final int maxBodyBytes;
  private final BodyRoom bodyRoom;
  private int reservedBodyBytes;

  private byte[] head = new byte[512];
  private int headLength;
  private RequestHead parsedHead;
  private byte[] body;
  private int bodyLength;
  private HttpRequest request;
  /** Set once the connection took the request ({@link #takeRequest}): the reader is done and holds none of it. */
  private boolean taken;
  private Response refusal;

  public RequestReader(int maxHeaderBytes, int maxBodyBytes) {
    this(maxHeaderBytes, maxBodyBytes, BodyRoom.UNBOUNDED);
  }

  public RequestReader(int maxHeaderBytes, int maxBodyBytes, BodyRoom bodyRoom) {
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxBodyBytes = maxBodyBytes;
    this.bodyRoom = bodyRoom;
  }

  /** Gives back the body's room; the connection does this when it closes, whatever became of the request. */
  public void releaseBody() {
    if (reservedBodyBytes > 0) {
      bodyRoom.release(reservedBodyBytes);
      reservedBodyBytes = 0;
    }
  }

  /** True once any byte arrived: a connection that sent nothing is closed silently on timeout. */
  public boolean hasStarted() {
    return headLength > 0;
  }

  public boolean isFinished() {
    return request != null || taken || refusal != null;
  }

  /**
   * The complete request, handed over for good: the reader lets go of it, so that a connection that stays open
   * long after (a parked /wait) does not keep the parsed head, its strings and its body.
   */
  public HttpRequest takeRequest() {
    HttpRequest complete = request;
    if (complete != null) {
      request = null;
      taken = true;
    }
    return complete;
  }

  public Response refusal() {
    return refusal;
  }

  public Progress feed(byte[] chunk) {
    if (isFinished()) {
      return refusal != null ? Progress.REFUSED : Progress.COMPLETE;
    }
    int offset = 0;
    if (parsedHead == null) {
      int headBytesInChunk = appendHead(chunk);
      if (headBytesInChunk < 0) {
        return refusal != null ? Progress.REFUSED : Progress.NEED_MORE;
      }
      offset = headBytesInChunk;
      Progress started = startBody();
      if (started != Progress.NEED_MORE) {
        return started;
      }
    }
    Progress progress = appendBody(chunk, offset);
    if (progress == Progress.NEED_MORE && bodyLength == 0 && parsedHead.expectsContinue()) {
      return Progress.SEND_CONTINUE;
    }
    return progress;
  }

  /**
   * Appends to the head buffer. Returns how many bytes of {@code chunk} belong to the head once the blank line
   * that ends it has arrived, else -1 (and sets the refusal when the head has outgrown its limit).
   */
  private int appendHead(byte[] chunk) {
    int searchFrom = Math.max(0, headLength - 3);
    int take = Math.min(maxHeaderBytes - headLength, chunk.length);
    if (headLength + take > head.length) {
      head = Arrays.copyOf(head, Math.min(maxHeaderBytes, Math.max(head.length * 2, headLength + take)));
    }
    System.arraycopy(chunk, 0, head, headLength, take);
    headLength += take;
    int end = findHeadEnd(searchFrom);
    if (end >= 0) {
      int headBytesInChunk = take - (headLength - end);
      headLength = end;
      return headBytesInChunk;
    }
    if (headLength >= maxHeaderBytes) {
      boolean lineEnded = indexOf(head, (byte) '\n', headLength) >= 0;
      refusal = lineEnded
          ? Response.refusal(Status.HEADER_FIELDS_TOO_LARGE, "Request headers exceed " + maxHeaderBytes + " bytes.")
          : Response.refusal(Status.URI_TOO_LONG, "Request line exceeds " + maxHeaderBytes + " bytes.");
    }
    return -1;
  }

  /** The head ends at the first empty line: CRLF CRLF, or bare LF LF, which RFC 9112 lets a server accept. */
  private int findHeadEnd(int from) {
    for (int i = from; i < headLength; i++) {
      if (head[i] != '\n') {
        continue;
      }
      if (i + 1 < headLength && head[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < headLength && head[i + 1] == '\r' && head[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  private Progress startBody() {
    RequestHead.Result result = RequestHead.parse(new String(head, 0, headLength, StandardCharsets.ISO_8859_1));
    if (result.refusal() != null) {
      refusal = result.refusal();
      return Progress.REFUSED;
    }
    parsedHead = result.head();
    head = null; // the parsed head holds all that is needed
    long length = parsedHead.contentLength();
    if (parsedHead.method().equals("POST") && parsedHead.chunked()) {
      return refuse(Status.LENGTH_REQUIRED, "Chunked bodies are not accepted; send Content-Length.");
    }
    if (parsedHead.method().equals("POST") && length <= 0) {
      return refuse(Status.LENGTH_REQUIRED, "A POST needs a non-empty body and its Content-Length.");
    }
    if (length > maxBodyBytes) {
      return refuse(Status.CONTENT_TOO_LARGE, "Body exceeds " + maxBodyBytes + " bytes.");
    }
    if (length > 0) {
      if (!bodyRoom.reserve((int) length)) {
        return refuse(Status.SERVICE_UNAVAILABLE, "The node is busy reading other requests; try again.");
      }
      reservedBodyBytes = (int) length;
    }
    body = new byte[(int) Math.max(0, length)];
    if (length <= 0) {
      return complete();
    }
    return Progress.NEED_MORE;
  }

  private Progress appendBody(byte[] chunk, int offset) {
    int take = Math.min(chunk.length - offset, body.length - bodyLength);
    if (take > 0) {
      System.arraycopy(chunk, offset, body, bodyLength, take);
      bodyLength += take;
    }
    // Bytes past Content-Length are dropped: the reference forwards them, which glues requests together.
    return bodyLength == body.length ? complete() : Progress.NEED_MORE;
  }

  private Progress complete() {
    request = new HttpRequest(parsedHead.method(), parsedHead.path(), parsedHead.query(),
        parsedHead.minorVersion(), parsedHead.contentType(), body, parsedHead.forwardedFor(), parsedHead.origin(),
        parsedHead.host(), parsedHead.authorization());
    parsedHead = null; // the request holds all of it, the body included
    body = null;
    return Progress.COMPLETE;
  }

  private Progress refuse(Status status, String explanation) {
    refusal = Response.refusal(status, explanation);
    return Progress.REFUSED;
  }

  private static int indexOf(byte[] bytes, byte wanted, int to) {
    for (int i = 0; i < to; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
