package dev.ccr.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** ccr's version, from the build. */
public final class Version {
  public static final String VALUE = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      Properties p = new Properties();
      if (in != null) p.load(in);
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
