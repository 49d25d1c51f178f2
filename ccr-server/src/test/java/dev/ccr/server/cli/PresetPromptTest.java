package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.server.preset.PresetStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a terminal, install asks for the inputs nobody gave, a secret without echo. */
class PresetPromptTest {
  @TempDir Path home;
  @TempDir Path shared;

  @Test
  void onATerminalInstallAsksForEachMissingInputAndKeepsTheAnswerOutsideThePresetFolder() throws Exception {
    Path dir = Files.createDirectories(shared.resolve("team"));
    Files.writeString(dir.resolve("manifest.json"), "{name: 'team', version: '1.0.0',"
        + " Providers: [{name: 'x', api_base_url: 'https://x.example/v1/chat/completions', api_key: '${X_KEY}', models: ['m']}],"
        + " Router: {default: 'x,#{model}'},"
        + " schema: [{id: 'X_KEY', type: 'password', label: 'Key for x'}, {id: 'model', type: 'input', label: 'Model'}]}");
    String java = ProcessHandle.current().info().command().orElse("java");
    String command = String.join(" ", List.of(java, "-cp", System.getProperty("java.class.path"), "-Dccr.home=" + home,
        Main.class.getName(), "preset", "install", dir.toString()));
    // script(1) runs the command on a pseudo-terminal, so System.console() is there as it is for a user.
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", command, "/dev/null").redirectErrorStream(true);
    for (String v : List.of("CCR_HOME", "X_KEY", "model")) pb.environment().remove(v);
    Process p = pb.start();
    // Should a prompt never come, the process is ended and the reads below see the end of its output.
    Thread watchdog = new Thread(() -> {
      try {
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    StringBuilder out = new StringBuilder();
    // Each answer is typed once its question shows, as a user does: typed earlier, the terminal would echo it.
    answer(p, out, "Key for x: ", "sk-typed-0004\n");
    answer(p, out, "Model: ", "m\n");
    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out.toString()).contains("Key for x", "Model", "Installed preset team").doesNotContain("sk-typed-0004");
    PresetStore store = new PresetStore(home);
    assertThat(store.inputs("team")).isEqualTo(Map.of("X_KEY", "sk-typed-0004", "model", "m"));
    assertThat(PresetRoundTripTest.everyFileUnder(store.folder())).doesNotContain("sk-typed-0004");
  }

  private static void answer(Process p, StringBuilder out, String question, String answer) throws Exception {
    java.io.InputStream in = p.getInputStream();
    for (int b; !out.toString().endsWith(question) && (b = in.read()) >= 0; ) out.append((char) b);
    p.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
  }
}
