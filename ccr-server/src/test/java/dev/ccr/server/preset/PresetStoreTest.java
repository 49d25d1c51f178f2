package dev.ccr.server.preset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetStoreTest {
  @TempDir Path home;

  @Test
  void theStampSeesASameSizeEditAtOnceAndIsTheSameForTheSameContent() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("team"));
    Files.writeString(store.manifest("team"), "{name: 'team', Router: {default: 'p,a'}}");
    store.writeInputs("team", Map.of("P_KEY", "sk-1"));
    List<Long> first = store.stamp("team");

    // the same size, written straight after: within any file system's time resolution
    Files.writeString(store.manifest("team"), "{name: 'team', Router: {default: 'p,b'}}");
    List<Long> edited = store.stamp("team");
    assertThat(edited).isNotEqualTo(first);
    store.writeInputs("team", Map.of("P_KEY", "sk-2"));
    assertThat(store.stamp("team")).isNotEqualTo(edited);

    // rewriting what was there is no change, whatever the file times say
    Files.writeString(store.manifest("team"), "{name: 'team', Router: {default: 'p,a'}}");
    store.writeInputs("team", Map.of("P_KEY", "sk-1"));
    assertThat(store.stamp("team")).isEqualTo(first);
  }

  @Test
  void aMissingInputsFileHasAStampOfItsOwn() throws Exception {
    PresetStore store = new PresetStore(home);
    Files.createDirectories(store.folder("team"));
    Files.writeString(store.manifest("team"), "{name: 'team'}");
    List<Long> without = store.stamp("team");
    assertThat(without.get(1)).isEqualTo(-1L);
    store.writeInputs("team", Map.of("P_KEY", "sk-1"));
    assertThat(store.stamp("team")).isNotEqualTo(without);
  }
}
