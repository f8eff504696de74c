package io.signaling.protocol;

/**
 * A peer id read from the query ({@code peer_id=} or {@code to=}), as a parameter of its own
 * ({@link QueryParameter}), unlike the reference's substring search.
 *
 * @param state whether the parameter was there and well-formed
 * @param value the id when {@code state} is {@link State#VALID}
 */
public record PeerIdParameter(State state, int value) {

  public enum State { ABSENT, INVALID, VALID }

  private static final PeerIdParameter ABSENT = new PeerIdParameter(State.ABSENT, 0);
  private static final PeerIdParameter INVALID = new PeerIdParameter(State.INVALID, 0);

  public static PeerIdParameter peerId(String query) {
    return read(query, "peer_id");
  }

  public static PeerIdParameter to(String query) {
    return read(query, "to");
  }

  /** The first parameter with that exact name; its value must be a decimal number from 0 to 2^31-1. */
  static PeerIdParameter read(String query, String name) {
    String value = QueryParameter.first(query, name);
    return value == null ? ABSENT : parse(value);
  }

  private static PeerIdParameter parse(String digits) {
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return INVALID;
    }
    long id = Long.parseLong(digits);
    return id > Integer.MAX_VALUE ? INVALID : new PeerIdParameter(State.VALID, (int) id);
  }

  public boolean isValid() {
    return state == State.VALID;
  }

  public boolean isInvalid() {
    return state == State.INVALID;
  }
}
