package io.signaling.main;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product name and version, as Maven wrote them at build time; the value of the Server header. */
final class BuildInfo {

  private BuildInfo() {
  }

  static String serverName() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/signaling-server.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // fall through to the defaults: the header is informational
    }
    return properties.getProperty("name", "signaling-server") + "/" + properties.getProperty("version", "dev");
  }
}
