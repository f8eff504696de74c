package io.signaling.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration table names every option with its environment twin and its real default. */
class ReadmeTableTest {

  @Test
  void everyOptionHasItsRowInTheReadme() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (Option<?> option : Options.ALL) {
      assertThat(readme).contains("| `" + option.flag() + "` | `" + option.environmentVariable() + "` | `"
          + option.shownDefault() + "` | " + option.description() + " |");
    }
  }
}
