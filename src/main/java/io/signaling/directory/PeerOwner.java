package io.signaling.directory;

import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * Whom a peer belongs to, kept in its record from the sign-in on: the client address it signed in from (with
 * {@code --peer-binding address}; an IPv6 client's /64) and the subject of its sign-in token (with tokens on).
 * An empty part binds nothing. A request for the peer ({@code /wait}, {@code /message} as its sender,
 * {@code /sign_out}) presents the same parts and is served only if each part the peer is bound to matches;
 * otherwise it is answered as for an unknown id, and the record is left as it was.
 *
 * <p>A step sent by a node of a release without binding presents nothing ({@code null}) and is let through: during
 * a rolling upgrade that node checks nothing anyway.
 */
public record PeerOwner(String address, String subject) {

  /** Bound to nothing: any request for the peer is served (binding off, or a record of an earlier release). */
  public static final PeerOwner NOBODY = new PeerOwner("", "");

  public PeerOwner {
    address = address == null ? "" : address;
    subject = subject == null ? "" : subject;
  }

  /** Whether a request presenting {@code presenter} may act for the peer this owner signed in. */
  public boolean admits(PeerOwner presenter) {
    if (presenter == null) {
      return true;
    }
    return (address.isEmpty() || address.equals(presenter.address))
        && (subject.isEmpty() || subject.equals(presenter.subject));
  }

  void writeTo(FieldsOut out) {
    out.writeString(address).writeString(subject);
  }

  /**
   * A presenter as a processor carries it, a trailing field: written only when there is one (none is what
   * releases before binding send), read back with {@code readFrom(in, null)}.
   */
  static void writePresenter(FieldsOut out, PeerOwner presenter) {
    if (presenter != null) {
      presenter.writeTo(out);
    }
  }

  /** Reads what {@link #writeTo} wrote; {@code absent} when the writer was of a release without binding. */
  static PeerOwner readFrom(FieldsIn in, PeerOwner absent) throws IOException {
    if (!in.hasMore()) {
      return absent;
    }
    return new PeerOwner(in.readString(), in.readString());
  }
}
