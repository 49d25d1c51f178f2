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
    Process p = onATerminal("preset", "install", dir.toString());
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

  @Test
  void onATerminalExportAsksForTheMetadataTheOptionsDidNotGive() throws Exception {
    Files.writeString(home.resolve("config.json"), "{Providers: [{name: 'x', api_base_url: "
        + "'https://x.example/v1/chat/completions', api_key: 'sk-x', models: ['m']}], Router: {default: 'x,m'}}");
    Process p = onATerminal("preset", "export", "team", "--author", "ops");
    StringBuilder out = new StringBuilder();
    answer(p, out, "Description (optional): ", "our setup\n");
    answer(p, out, "Keywords, comma-separated (optional): ", "a, b\n");
    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(out.toString()).doesNotContain("Author (optional)").contains("Exported preset team");
    PresetStore store = new PresetStore(home);
    dev.ccr.server.preset.Preset preset = store.find("team").orElseThrow();
    assertThat(preset.description()).isEqualTo("our setup");
    assertThat(preset.author()).isEqualTo("ops");
    assertThat(preset.keywords()).containsExactly("a", "b");
  }

  /** ccr run on a pseudo-terminal by script(1), so System.console() is there as it is for a user; ended after a minute. */
  private Process onATerminal(String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "-Dccr.home=" + home, Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", String.join(" ", command), "/dev/null").redirectErrorStream(true);
    for (String v : List.of("CCR_HOME", "X_KEY", "model")) pb.environment().remove(v);
    Process p = pb.start();
    Thread watchdog = new Thread(() -> { // should a prompt never come, the reads see the end of the output
      try {
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    return p;
  }

  private static void answer(Process p, StringBuilder out, String question, String answer) throws Exception {
    java.io.InputStream in = p.getInputStream();
    for (int b; !out.toString().endsWith(question) && (b = in.read()) >= 0; ) out.append((char) b);
    p.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().flush();
  }
}
