package io.signaling.config;

import java.time.Duration;
import java.util.Locale;

/** Readers for the value syntaxes options use: whole numbers, byte sizes, durations, host names. */
final class ValueReaders {

  private ValueReaders() {
  }

  /** {@code true} or {@code false}, nothing else: a switch that is misspelt must not silently mean one of them. */
  static Option.Reader<Boolean> onOff() {
    return text -> switch (text) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }

  static Option.Reader<Integer> wholeNumber(long min, long max) {
    return text -> checkRange(parseLong(text, text), min, max, text);
  }

  /** A byte count, optionally with a binary suffix: {@code 65536}, {@code 64k}, {@code 1m}. */
  static Option.Reader<Integer> byteSize(long min, long max) {
    return text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      long unit = 1;
      if (lower.endsWith("k") || lower.endsWith("kib")) {
        unit = 1024;
      } else if (lower.endsWith("m") || lower.endsWith("mib")) {
        unit = 1024 * 1024;
      }
      String digits = unit == 1 ? lower : lower.replaceAll("(kib|mib|k|m)$", "");
      return checkRange(Math.multiplyExact(parseLong(digits, text), unit), min, max, text);
    };
  }

  /** A whole number, or {@code auto}, which is read as 0: the node then derives it from other options. */
  static Option.Reader<Integer> countOrAuto(long min, long max) {
    return text -> text.equals("auto") ? 0 : wholeNumber(min, max).read(text);
  }

  /**
   * A byte count that may be large ({@code 512m}, {@code 2g}) or {@code auto}, which is read as -1: the node
   * then derives it from its heap.
   */
  static Option.Reader<Long> memorySize(long min) {
    return text -> {
      if (text.equals("auto")) {
        return -1L;
      }
      String lower = text.toLowerCase(Locale.ROOT);
      long unit = switch (lower.isEmpty() ? ' ' : lower.charAt(lower.length() - 1)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        default -> 1;
      };
      String digits = unit == 1 ? lower : lower.substring(0, lower.length() - 1);
      long value = Math.multiplyExact(parseLong(digits, text), unit);
      if (value < min) {
        throw new IllegalArgumentException("'" + text + "' is less than " + min + " bytes");
      }
      return value;
    };
  }

  /** A duration: {@code 30s}, {@code 500ms}, {@code 2m}; a bare number means seconds. */
  static Option.Reader<Duration> duration(Duration min, Duration max) {
    return text -> {
      String lower = text.toLowerCase(Locale.ROOT);
      Duration value;
      if (lower.endsWith("ms")) {
        value = Duration.ofMillis(parseLong(lower.substring(0, lower.length() - 2), text));
      } else if (lower.endsWith("s")) {
        value = Duration.ofSeconds(parseLong(lower.substring(0, lower.length() - 1), text));
      } else if (lower.endsWith("m")) {
        value = Duration.ofMinutes(parseLong(lower.substring(0, lower.length() - 1), text));
      } else {
        value = Duration.ofSeconds(parseLong(lower, text));
      }
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException("'" + text + "' is outside " + min.toMillis() + "ms.."
            + max.toMillis() + "ms");
      }
      return value;
    };
  }

  /**
   * A rate: {@code 120/1m} is at most 120 at once, refilled evenly over a minute; {@code 0} turns it off. The
   * count is a whole number up to {@code maxCount}, the interval a duration from 1 s to 1 h.
   */
  static Option.Reader<io.signaling.guard.Rate> rate(long maxCount) {
    return text -> {
      if (text.equals("0")) {
        return io.signaling.guard.Rate.OFF;
      }
      int slash = text.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException("'" + text + "' is not a rate like 120/1m (or 0 for none)");
      }
      int count = checkRange(parseLong(text.substring(0, slash), text), 1, maxCount, text);
      Duration per = duration(Duration.ofSeconds(1), Duration.ofHours(1)).read(text.substring(slash + 1));
      return new io.signaling.guard.Rate(count, per);
    };
  }

  /** Comma-separated address ranges ({@code 10.0.0.0/8}) or addresses; empty means none. */
  static Option.Reader<io.signaling.guard.TrustedProxies> addressRanges() {
    return text -> io.signaling.guard.TrustedProxies.parse(entries(text)); // throws naming a bad entry
  }

  static Option.Reader<io.signaling.guard.PeerBinding> binding() {
    return io.signaling.guard.PeerBinding::parse;
  }

  /** Comma-separated origins ({@code https://app.example.com}, {@code null}) or {@code *} alone. */
  static Option.Reader<io.signaling.guard.AllowedOrigins> origins() {
    return text -> io.signaling.guard.AllowedOrigins.parse(entries(text)); // throws naming a bad entry
  }

  /** The non-empty entries of a comma-separated list, stripped. */
  private static java.util.List<String> entries(String text) {
    return java.util.Arrays.stream(text.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
  }

  /** A host name or literal address; {@code localhost} is refused where a node advertises itself. */
  static Option.Reader<String> host() {
    return text -> {
      if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '?' || c == '#')) {
        throw new IllegalArgumentException("'" + text + "' is not a host name or address");
      }
      return text;
    };
  }

  /** A comma-separated list of {@code host} or {@code host:port} members; empty means none. */
  static Option.Reader<java.util.List<String>> memberList() {
    return text -> {
      java.util.List<String> members = new java.util.ArrayList<>();
      for (String part : text.split(",")) {
        String member = part.trim();
        if (member.isEmpty()) {
          continue;
        }
        int colon = member.lastIndexOf(':');
        String hostPart = colon < 0 ? member : member.substring(0, colon);
        host().read(hostPart);
        if (colon >= 0) {
          wholeNumber(1, 65535).read(member.substring(colon + 1));
        }
        members.add(member);
      }
      return java.util.List.copyOf(members);
    };
  }

  /** Any text, possibly empty (for names that are looked up elsewhere, such as a DNS name). */
  static Option.Reader<String> optionalHost() {
    return text -> text.isEmpty() ? "" : host().read(text);
  }

  /** Empty, or an HS256 secret of at least 32 bytes (RFC 7518: as long as the hash); never echoed in an error. */
  static Option.Reader<String> secret() {
    return text -> {
      if (!text.isEmpty() && text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
        throw new IllegalArgumentException("the secret is shorter than 32 bytes (HS256 needs 256 bits)");
      }
      return text;
    };
  }

  /** Empty (none), or the path of a file this process can read now. */
  static Option.Reader<String> file() {
    return text -> {
      if (!text.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(text))) {
        throw new IllegalArgumentException("cannot read the file " + text);
      }
      return text;
    };
  }

  /** Any text, as given. */
  static Option.Reader<String> anyText() {
    return text -> text;
  }

  /** Empty (no keys), or a JWKS file of public keys, read now. */
  static Option.Reader<java.util.List<io.vertx.core.json.JsonObject>> jwksFile() {
    return text -> text.isEmpty() ? java.util.List.of()
        : io.signaling.guard.SignInTokens.publicKeys(java.nio.file.Path.of(text));
  }

  /** A non-empty name of letters, digits, '-', '_' and '.'. */
  static Option.Reader<String> simpleName() {
    return text -> {
      if (!text.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("'" + text + "' must be 1-64 letters, digits, '.', '_' or '-'");
      }
      return text;
    };
  }

  /** Empty, or a name as Kubernetes gives nodes and zones: letters, digits, '.', '_' or '-', at most 253. */
  static Option.Reader<String> optionalName() {
    return text -> {
      if (!text.matches("[A-Za-z0-9._-]{0,253}")) {
        throw new IllegalArgumentException("'" + text + "' must be empty or 1-253 letters, digits, '.', '_' or '-'");
      }
      return text;
    };
  }

  private static long parseLong(String digits, String original) {
    if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18) {
      throw new IllegalArgumentException("'" + original + "' is not a whole number");
    }
    return Long.parseLong(digits);
  }

  private static int checkRange(long value, long min, long max, String original) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("'" + original + "' is outside " + min + ".." + max);
    }
    return (int) value;
  }
}
