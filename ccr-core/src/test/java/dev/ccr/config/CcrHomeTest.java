package dev.ccr.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where ccr's folder is: the property, then CCR_HOME, then $HOME, then the JVM's user.home. */
class CcrHomeTest {
  @Test
  void theSystemPropertyWinsOverEverything() {
    assertThat(CcrConfig.home("/p", Map.of("CCR_HOME", "/c", "HOME", "/h")::get, "/u")).isEqualTo(Path.of("/p"));
  }

  @Test
  void ccrHomeComesBeforeHome() {
    assertThat(CcrConfig.home(null, Map.of("CCR_HOME", "/c", "HOME", "/h")::get, "/u")).isEqualTo(Path.of("/c"));
  }

  @Test
  void homeFromTheEnvironmentComesBeforeTheJvmsUserHome() {
    // The JVM's user.home is read from the password file, so a user who moves HOME expects ccr to follow.
    assertThat(CcrConfig.home("", Map.of("HOME", "/h")::get, "/u")).isEqualTo(Path.of("/h", ".claude-code-router"));
  }

  @Test
  void userHomeIsTheLastResort() {
    assertThat(CcrConfig.home(null, Map.<String, String>of()::get, "/u")).isEqualTo(Path.of("/u", ".claude-code-router"));
    assertThat(CcrConfig.home(null, Map.of("HOME", " ")::get, "/u")).isEqualTo(Path.of("/u", ".claude-code-router"));
  }
}
