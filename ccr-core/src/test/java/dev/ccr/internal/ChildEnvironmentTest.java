package dev.ccr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {
  @Test
  void whatTheLauncherSetForItsJvmDoesNotReachTheUsersPrograms() {
    Map<String, String> env = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "2", "CCR_SET_MALLOC_ARENA_MAX", "1", "PATH", "/bin"));
    assertThat(ChildEnvironment.clean(env)).isEqualTo(Map.of("PATH", "/bin"));
  }

  @Test
  void theUsersOwnSettingIsPassedOn() {
    Map<String, String> env = new HashMap<>(Map.of("MALLOC_ARENA_MAX", "4", "PATH", "/bin"));
    assertThat(ChildEnvironment.clean(env)).containsEntry("MALLOC_ARENA_MAX", "4");
  }
}
