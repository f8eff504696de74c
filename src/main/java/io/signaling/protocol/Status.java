package io.signaling.protocol;

/** Every status line the server writes. The reason phrases of the first four are the reference's own. */
public enum Status {
  ADDED(200, "Added"),
  OK(200, "OK"),
  ERROR(500, "Error"),
  SORRY(500, "Sorry"),
  BAD_REQUEST(400, "Bad Request"),
  UNAUTHORIZED(401, "Unauthorized"),
  FORBIDDEN(403, "Forbidden"),
  METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
  REQUEST_TIMEOUT(408, "Request Timeout"),
  LENGTH_REQUIRED(411, "Length Required"),
  CONTENT_TOO_LARGE(413, "Payload Too Large"),
  URI_TOO_LONG(414, "URI Too Long"),
  TOO_MANY_REQUESTS(429, "Too Many Requests"),
  HEADER_FIELDS_TOO_LARGE(431, "Request Header Fields Too Large"),
  SERVICE_UNAVAILABLE(503, "Service Unavailable"),
  VERSION_NOT_SUPPORTED(505, "HTTP Version Not Supported");

  private final int code;
  private final String reason;

  Status(int code, String reason) {
    this.code = code;
    this.reason = reason;
  }

  public int code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
