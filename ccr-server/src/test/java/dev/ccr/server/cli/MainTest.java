package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.config.CcrConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  final InProcess ccr = new InProcess();

  private int run(String... args) {
    return ccr.run(args);
  }

  @Test
  void theBackgroundServerRecordsItsClassDataArchiveOnceThenUsesIt(@TempDir Path dir) throws Exception {
    Path jsa = dir.resolve("ccr.jsa");
    assertThat(Daemon.classDataFlags(null)).isEmpty();
    assertThat(Daemon.classDataFlags(jsa.toString())).contains("-XX:ArchiveClassesAtExit=" + jsa);
    Files.write(jsa, new byte[] {1});
    assertThat(Daemon.classDataFlags(jsa.toString())).contains("-XX:SharedArchiveFile=" + jsa, "-Xshare:auto")
        .noneMatch(f -> f.startsWith("-XX:ArchiveClassesAtExit"));
  }

  @Test
  void theBackgroundServerGetsTheLaunchersJvmDefaultsAndThisJdkAcceptsThem() throws Exception {
    java.util.List<String> options = Daemon.defaultJavaOptions(java.util.List.of());
    assertThat(options).contains("-XX:+UseSerialGC", "-Xms32m", "-Xmx512m").noneMatch(o -> o.startsWith("#") || o.isBlank());
    assertThat(startsWith(options)).as("this JDK takes them").isZero();
    // A user's own collector or a small heap in CCR_JAVA_OPTS must not stop the server from starting.
    java.util.List<String> user = java.util.List.of("-XX:+UseG1GC", "-Xmx16m");
    java.util.List<String> merged = new java.util.ArrayList<>(Daemon.defaultJavaOptions(user));
    String young = options.stream().filter(o -> o.startsWith("-Xmn")).findFirst().orElseThrow();
    assertThat(merged).doesNotContain("-XX:+UseSerialGC", "-Xms32m", young).contains("-Xmx512m");
    merged.addAll(user);
    assertThat(startsWith(merged)).isZero();
    java.util.List<String> conflicting = new java.util.ArrayList<>(options);
    conflicting.addAll(user);
    assertThat(startsWith(conflicting)).as("what the filter prevents").isNotZero();
    // The launcher reads the same file (java @file): one list for both ways of starting the server.
    Path launcher = Path.of("..", "ccr");
    assertThat(Files.readString(launcher)).contains("ccr-server/src/main/resources/dev/ccr/server/cli/jvm.options");
    assertThat(Path.of("src/main/resources/dev/ccr/server/cli/jvm.options")).exists();
  }

  /** The exit code of {@code java <options> -version}. */
  private static int startsWith(java.util.List<String> options) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(options);
    command.add("-version");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }

  @Test
  void sampleConfigIsValidAndListensOnTheDefaultAddress() {
    CcrConfig sample = CcrConfig.parse(ConfigFiles.resource("sample-config.json"), name -> null);

    assertThat(sample.host()).isEqualTo("127.0.0.1");
    assertThat(sample.port()).isEqualTo(3456);
    assertThat(sample.router().defaultTarget()).isNotNull();
  }

  @Test
  void validatePrintsEveryProblemAndNoStackTrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [{name: 'a', api_base_url: 'nope', models: ['m']}],"
        + " Router: {default: 'b,m', think: 'a'}}");

    assertThat(run("validate", file.toString())).isEqualTo(1);

    assertThat(ccr.err()).contains("Providers[0].api_base_url is not a URL", "Router.default names provider \"b\"",
        "Router.think must be \"provider,model\"").doesNotContain("Exception", "\tat ");
  }

  @Test
  void validateChecksTransformerNames(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [{name: 'a', api_base_url: 'https://a.example/v1/messages', models: ['m'],"
        + " transformer: {use: ['anthropc']}}], Router: {default: 'a,m'}}");

    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("config.json: 1 problem\n",
        "unknown transformer \"anthropc\" (did you mean \"anthropic\"?)");
  }

  @Test
  void startWithABrokenConfigSaysWhyWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{Providers: [}");

    assertThat(run("start", "--config", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("config.json:1:14: unexpected character '}'").doesNotContain("\tat ");
  }

  @Test
  void unknownCommandPrintsTheUsageOnStderrAndExits2() {
    assertThat(run("frobnicate")).isEqualTo(2);
    assertThat(ccr.err()).contains("unknown command \"frobnicate\"", "Usage: ccr");
    assertThat(ccr.out()).isEmpty();
  }

  @Test
  void anUnknownOptionOfACommandIsAUsageErrorForThatCommand() {
    assertThat(run("status", "--frob")).isEqualTo(2);
    assertThat(ccr.err()).contains("Unknown option: '--frob'", "Usage: ccr status");
  }

  @Test
  void versionAndHelp() {
    assertThat(run("-v")).isZero();
    assertThat(run("--version")).isZero();
    assertThat(run("version")).isZero();
    assertThat(ccr.out().lines()).hasSize(3).allMatch(l -> l.equals("ccr " + dev.ccr.server.Version.VALUE));
    ccr.out.reset();

    assertThat(run("--help")).isZero();
    assertThat(ccr.out()).contains("Usage: ccr", "start", "stop", "restart", "status", "code", "activate, env",
        "model", "validate", "init", "completion");
    ccr.out.reset();
    assertThat(run()).as("no command shows the help").isZero();
    assertThat(ccr.out()).contains("Usage: ccr");
  }

  @Test
  void completionPrintsABashAndZshScriptForEveryCommand() {
    assertThat(run("completion")).isZero();

    assertThat(ccr.out()).contains("complete -F", "_picocli_ccr", "validate", "restart", "--config", "--port");
  }

  @Test
  void anImpossiblePortIsAClearUsageError() {
    assertThat(run("start", "--port", "99999")).isEqualTo(2);
    assertThat(ccr.err()).contains("'99999' is not a port number (0 to 65535)").doesNotContain("Exception");
    assertThat(run("restart", "--port", "http")).isEqualTo(2);
    assertThat(ccr.err()).contains("'http' is not a port number");
  }
}
