package io.signaling.directory;

import io.signaling.format.FieldsIn;
import io.signaling.format.FieldsOut;
import java.io.IOException;

/**
 * Whom a peer belongs to and where, kept in its record from the sign-in on: the client address it signed in from
 * (with {@code --peer-binding address}; an IPv6 client's /64), the subject of its sign-in token (with tokens on),
 * and the room it signed in to ({@code ""} for the default room). An empty address or subject binds nothing; the
 * room always binds, the default room included. A request for the peer ({@code /wait}, {@code /message} as its
 * sender, {@code /sign_out}) presents the same parts, the room being the one its path addresses, and is served only
 * if each part the peer is bound to matches; otherwise it is answered as for an unknown id, and the record is left
 * as it was.
 *
 * <p>A step sent by a node of a release without binding presents nothing ({@code null}) and is let through: during
 * a rolling upgrade that node checks nothing anyway (and no peer is in a room while such a node is in the cluster).
 * A record or presenter of a release without rooms is in the default room.
 */
public record PeerOwner(String address, String subject, String room) {

  /** Bound to nothing, in the default room (binding off, or a record of an earlier release). */
  public static final PeerOwner NOBODY = new PeerOwner("", "", "");

  public PeerOwner {
    address = address == null ? "" : address;
    subject = subject == null ? "" : subject;
    room = room == null ? "" : room;
  }

  /** An owner in the default room. */
  public PeerOwner(String address, String subject) {
    this(address, subject, "");
  }

  /** Whether a request presenting {@code presenter} may act for the peer this owner signed in. */
  public boolean admits(PeerOwner presenter) {
    if (presenter == null) {
      return true;
    }
    return (address.isEmpty() || address.equals(presenter.address))
        && (subject.isEmpty() || subject.equals(presenter.subject))
        && room.equals(presenter.room);
  }

  /**
   * Whether a request presenting {@code presenter} addresses the room this owner's peer is in. In any other room
   * the peer does not exist, whoever asks; {@link #admits} also checks the room.
   */
  public boolean sameRoom(PeerOwner presenter) {
    return presenter == null || room.equals(presenter.room);
  }

  /** The room part is written last, so that a release without rooms reads the rest and skips it. */
  void writeTo(FieldsOut out) {
    out.writeString(address).writeString(subject).writeString(room);
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
    String address = in.readString();
    String subject = in.readString();
    return new PeerOwner(address, subject, in.hasMore() ? in.readString() : "");
  }
}
