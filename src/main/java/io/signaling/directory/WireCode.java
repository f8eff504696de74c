package io.signaling.directory;

import java.io.IOException;

/**
 * An enum constant's code on the wire, fixed for good: constants can be added or reordered without changing what
 * a node of another release reads (an {@code ordinal()} would shift).
 */
interface WireCode {

  int code();

  /** The constant with that code; an unknown code (a later release's constant) fails the read. */
  static <E extends Enum<E> & WireCode> E find(E[] constants, int code) throws IOException {
    for (E constant : constants) {
      if (constant.code() == code) {
        return constant;
      }
    }
    throw new IOException("unknown code " + code + " of " + constants.getClass().getComponentType().getSimpleName()
        + " (written by a later release?)");
  }
}
