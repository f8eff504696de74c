package io.signaling.config;

import java.util.Locale;

/**
 * One configuration key: its flag name, its environment twin, its default and how its text is read.
 *
 * @param <T> the type of the parsed value
 */
public final class Option<T> {

  /** Reads the text of an option; throws {@link IllegalArgumentException} with a reason a user can act on. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(String text);
  }

  private final String name;
  private final String defaultText;
  private final String description;
  private final Reader<T> reader;

  Option(String name, String defaultText, String description, Reader<T> reader) {
    this.name = name;
    this.defaultText = defaultText;
    this.description = description;
    this.reader = reader;
  }

  /** The flag name without dashes, e.g. {@code max-body-bytes}. */
  public String name() {
    return name;
  }

  public String flag() {
    return "--" + name;
  }

  /** {@code --max-body-bytes} is also {@code SIGNALING_MAX_BODY_BYTES}. */
  public String environmentVariable() {
    return "SIGNALING_" + name.replace('-', '_').toUpperCase(Locale.ROOT);
  }

  public String defaultText() {
    return defaultText;
  }

  /** The default as people read it: "(none)" where it is empty. */
  public String shownDefault() {
    return defaultText.isEmpty() ? "(none)" : defaultText;
  }

  public String description() {
    return description;
  }

  T read(String text) {
    return reader.read(text.trim());
  }
}
