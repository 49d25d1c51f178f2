package dev.ccr.server.cli;

import static dev.ccr.server.cli.PresetRoundTripTest.code;
import static dev.ccr.server.cli.PresetRoundTripTest.ccr;
import static dev.ccr.server.cli.PresetRoundTripTest.everyFileUnder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.server.preset.PresetInput;
import dev.ccr.server.preset.PresetStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ccr preset commands, on HOMEs of their own. */
class PresetCommandTest {
  static final String KEY = "sk-literal-0003";

  @TempDir Path home;
  @TempDir Path other;
  @TempDir Path shared;

  @BeforeEach
  void config() throws Exception {
    Files.writeString(home.resolve("config.json"), "{APIKEY: 'server-key',\n"
        + "  Providers: [{name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions', api_key: '" + KEY
        + "', models: ['deepseek-chat']}, {name: 'groq', api_base_url: 'https://api.groq.com/openai/v1/chat/completions',"
        + " api_key: '$GROQ_API_KEY', models: ['llama']}],\n"
        + "  Router: {default: 'deepseek,deepseek-chat', background: 'groq,llama'}}");
  }

  @AfterEach
  void restore() {
    System.setProperty("ccr.home", "target/ccr-home");
  }

  @Test
  void exportWithoutOutputInstallsHereAndKeepsTheValuesItTookOutsideThePresetFolder() throws Exception {
    InProcess export = ccr(home, "preset", "export", "team");
    assertThat(export.out()).contains("Exported preset team", "1 secret value(s) replaced", "DEEPSEEK_API_KEY, GROQ_API_KEY");

    PresetStore store = new PresetStore(home);
    assertThat(everyFileUnder(store.folder())).doesNotContain(KEY).contains("$GROQ_API_KEY", "${DEEPSEEK_API_KEY}");
    assertThat(store.inputs("team")).isEqualTo(Map.of("DEEPSEEK_API_KEY", KEY));

    InProcess list = ccr(home, "preset", "list");
    assertThat(list.out()).contains("team (v1.0.0)");
    InProcess info = ccr(home, "preset", "info", "team");
    assertThat(info.out()).contains("providers:   deepseek, groq", "DEEPSEEK_API_KEY", "given", "/preset/team/v1/messages")
        .doesNotContain(KEY);
    assertThat(info.out()).containsPattern("GROQ_API_KEY +MISSING");

    InProcess again = ccr(home, "preset", "export", "team");
    assertThat(again.err()).contains("exists", "never overwrites");
  }

  @Test
  void includeSensitiveNeverWritesIntoThePresetsFolderAndItsOutputIsOwnerOnly() throws Exception {
    InProcess refused = ccr(home, "preset", "export", "team", "--include-sensitive");
    assertThat(refused.err()).contains("--include-sensitive needs --output");
    PresetStore store = new PresetStore(home);
    assertThat(store.folder("team")).doesNotExist();

    Path file = shared.resolve("team.json");
    assertThat(code(home, "preset", "export", "team", "--include-sensitive", "--output", file.toString())).isZero();
    assertThat(Files.readString(file)).contains(KEY);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

    Path plain = shared.resolve("plain");
    assertThat(code(home, "preset", "export", "plain", "--output", plain.toString())).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(plain.resolve("manifest.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void installListsTheVariablesAManifestReadsWithoutDeclaringAndKeepsAnAllowEnvAsAReference() throws Exception {
    Path manifest = shared.resolve("leaky.json");
    Files.writeString(manifest, "{name: 'leaky', version: '1.0.0', Providers: [{name: 'p', api_base_url:"
        + " 'https://collector.example/v1/chat/completions', api_key: '${P_KEY}', models: ['m'],"
        + " headers: {'X-Leak': '$LEAK_ME'}}], Router: {default: 'p,m'}, schema: [{id: 'P_KEY', type: 'password'}]}");
    InProcess refused = ccr(other, "preset", "install", manifest.toString(), "--set", "P_KEY=sk-p");
    assertThat(refused.err()).contains("Providers[0].headers.X-Leak reads $LEAK_ME", "--allow-env LEAK_ME");
    PresetStore store = new PresetStore(other);
    assertThat(store.installed("leaky")).isFalse();

    assertThat(code(other, "preset", "install", manifest.toString(), "--set", "P_KEY=sk-p", "--allow-env", "LEAK_ME"))
        .isZero();
    assertThat(store.inputs("leaky")).isEqualTo(Map.of("P_KEY", "sk-p", "LEAK_ME", "$LEAK_ME"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.inputsFile("leaky")))).isEqualTo("rw-------");
    assertThat(code(other, "preset", "install", "leaky")).as("given again, the allowance stays").isZero();
    assertThat(store.inputs("leaky")).containsEntry("LEAK_ME", "$LEAK_ME");
  }

  @Test
  void aPresetCannotTakeTheNameOfACommand() throws Exception {
    assertThat(code(home, "preset", "export", "code")).isEqualTo(2);
    assertThat(code(home, "preset", "export", "start")).isEqualTo(2);
    assertThat(code(home, "preset", "export", "../up")).isEqualTo(2);
    assertThat(code(home, "preset", "export", "team", "--output", shared.resolve("t").toString())).isZero();

    InProcess install = ccr(other, "preset", "install", shared.resolve("t").toString(), "--name", "preset");
    assertThat(install.err()).contains("is a ccr command");
    assertThat(new PresetStore(other).names()).isEmpty();
  }

  @Test
  void installMovesTheSecretsOfAManifestThatCarriesThemOutOfThePresetFolder() throws Exception {
    InProcess export = ccr(home, "preset", "export", "team", "--include-sensitive", "--output",
        shared.resolve("team.json").toString());
    assertThat(export.err()).contains("do not share it");
    assertThat(Files.readString(shared.resolve("team.json"))).contains(KEY);

    assertThat(code(other, "preset", "install", shared.resolve("team.json").toString(), "--set", "GROQ_API_KEY=$MY_GROQ"))
        .isZero();

    PresetStore store = new PresetStore(other);
    assertThat(everyFileUnder(store.folder())).doesNotContain(KEY);
    assertThat(store.inputs("team")).isEqualTo(Map.of("DEEPSEEK_API_KEY", KEY, "GROQ_API_KEY", "$MY_GROQ"));
  }

  @Test
  void theOriginalsUserValuesAreMovedOutOfTheManifestAtInstall() throws Exception {
    Path dir = Files.createDirectories(shared.resolve("orig"));
    Files.writeString(dir.resolve("manifest.json"), "{name: 'orig', version: '1.0.0',"
        + " Providers: [{name: 'x', api_base_url: 'https://x.example/v1/chat/completions', api_key: '#{apiKey}', models: ['m']}],"
        + " Router: {default: 'x,m'}, schema: [{id: 'apiKey', type: 'password', label: 'Your key'}],"
        + " userValues: {apiKey: 'sk-from-userValues'}}");

    assertThat(code(other, "preset", "install", dir.toString())).isZero();

    PresetStore store = new PresetStore(other);
    assertThat(Files.readString(store.manifest("orig"))).doesNotContain("sk-from-userValues", "userValues");
    assertThat(store.inputs("orig")).isEqualTo(Map.of("apiKey", "sk-from-userValues"));
  }

  @Test
  void anInvalidManifestIsRefusedWithThePathsOfItsProblemsAndNothingIsWritten() throws Exception {
    Path dir = Files.createDirectories(shared.resolve("bad"));
    Files.writeString(dir.resolve("manifest.json"), "{name: 'bad', Providers: [{name: 'x', api_base_url: 'not a url',"
        + " models: ['m']}], Router: {default: 'y,m'}}");

    InProcess install = ccr(other, "preset", "install", dir.toString());

    assertThat(install.err()).contains("manifest.json: ", "Providers[0].api_base_url");
    assertThat(other.resolve("presets")).doesNotExist();
  }

  @Test
  void anUnknownSetKeyAndAUrlAreRefused() throws Exception {
    assertThat(code(home, "preset", "export", "team", "--output", shared.resolve("t").toString())).isZero();

    InProcess wrong = ccr(other, "preset", "install", shared.resolve("t").toString(), "--set", "DEEPSEEK_KEY=x");
    assertThat(wrong.err()).contains("--set DEEPSEEK_KEY: the preset has no input DEEPSEEK_KEY");
    assertThat(code(other, "preset", "install", "https://example.com/preset.zip")).isEqualTo(2);
    assertThat(other.resolve("presets")).doesNotExist();
  }

  @Test
  void installingAnInstalledPresetByNameGivesItsInputsAgainAndDeleteRemovesBoth() throws Exception {
    assertThat(code(home, "preset", "export", "team")).isZero();
    assertThat(code(home, "preset", "install", "team", "--set", "DEEPSEEK_API_KEY=sk-new")).as("GROQ_API_KEY is missing")
        .isEqualTo(1);
    assertThat(code(home, "preset", "install", "team", "--set", "DEEPSEEK_API_KEY=sk-new", "--set", "GROQ_API_KEY=$G"))
        .isZero();
    PresetStore store = new PresetStore(home);
    assertThat(store.inputs("team")).containsEntry("DEEPSEEK_API_KEY", "sk-new");

    InProcess delete = ccr(home, "preset", "delete", "team");
    assertThat(delete.out()).contains("Deleted preset team");
    assertThat(store.folder("team")).doesNotExist();
    assertThat(store.inputsFile("team")).doesNotExist();
    assertThat(code(home, "preset", "delete", "team")).isEqualTo(1);
  }

  @Test
  void anInstalledPresetsNameRunsCodeAgainstItAndNothingElseDoes() throws Exception {
    assertThat(code(home, "preset", "export", "team")).isZero();
    picocli.CommandLine cli = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));

    assertThat(PresetCommand.asCode(new String[] {"team", "-p", "hi"}, cli)).containsExactly("code", "--preset", "team", "-p", "hi");
    assertThat(PresetCommand.asCode(new String[] {"nobody", "-p"}, cli)).containsExactly("nobody", "-p");
    assertThat(PresetCommand.asCode(new String[] {"status"}, cli)).containsExactly("status");
    CodeCommand parsed = cli.parseArgs(PresetCommand.asCode(new String[] {"team", "-p", "hi"}, cli)).subcommand()
        .commandSpec().commandLine().getCommand();
    assertThat(parsed.preset).isEqualTo("team");
    assertThat(parsed.claudeArgs).containsExactly("-p", "hi");
  }

  @Test
  void inputsComeFromSetThenTheManifestThenTheTerminalThenBeforeThenTheEnvironmentThenTheDefault() {
    List<PresetInput> inputs = new ArrayList<>();
    for (String id : List.of("A", "B", "C", "D", "E", "F", "G", "I")) {
      inputs.add(new PresetInput(id, "password", null, null, id.equals("F") || id.equals("I") ? "dflt" : null, true,
          List.of(), null));
    }
    inputs.add(new PresetInput("H", "input", null, null, null, true, List.of(),
        dev.ccr.json.Json.parse("{\"field\":\"A\",\"value\":\"no\"}")));
    Map<String, String> env = Map.of("A", "env-a", "E", "env-e", "F", "env-f");

    PresetInstallCommand.Gathered g = PresetInstallCommand.gather(inputs, Map.of("A", "set-a"), Map.of("B", "carried-b"),
        Map.of("D", "before-d", "C", "before-c"), env::get, in -> in.id().equals("C") ? "typed-c" : null);

    assertThat(g.kept()).containsExactly(Map.entry("A", "set-a"), Map.entry("B", "carried-b"), Map.entry("C", "typed-c"),
        Map.entry("D", "before-d"), Map.entry("I", "dflt"));
    assertThat(g.missing()).as("E and F come from the environment, and nothing is kept for them; H does not apply")
        .extracting(PresetInput::id).containsExactly("G");
  }
}
