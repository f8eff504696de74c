package io.signaling.guard;

/** Each bound a client can run into, as the {@code limit} label of {@code signaling_limited_total}. */
public enum Limit {
  CONNECTIONS_PER_ADDRESS("connections_per_address"),
  SIGN_INS_PER_ADDRESS("sign_ins_per_address"),
  UNKNOWN_PEERS_PER_ADDRESS("unknown_peers_per_address"),
  MESSAGES_PER_PEER("messages_per_peer"),
  ADDRESSES_TRACKED("addresses_tracked"),
  STORED_BYTES("stored_bytes"),
  SENDER_BYTES("sender_bytes"),
  ADDRESS_BYTES("address_bytes"),
  READING_BYTES("reading_bytes"),
  OPEN_FILES("open_files"),
  MANAGEMENT_CONNECTIONS("management_connections");

  private final String label;

  Limit(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
