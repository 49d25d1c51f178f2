package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/ci/run-claude-code.sh, the script the GitHub Actions workflow examples/ci/claude-code.yml
 * runs, run here as it is, in a shell with a fake {@code claude} on PATH and an environment built
 * from nothing (none inherited, so a CI machine's variables change nothing). The real ccr runs in
 * the background; the provider is a stand-in.
 */
class ClaudeCodeInCiTest {
  static final Path SCRIPT = Path.of("ci", "run-claude-code.sh");
  static final Path WORKFLOW = Path.of("ci", "claude-code.yml");
  static final String SECRET = "sk-ci-secret-0123456789";
  static final String CHAT_REPLY = "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"Reviewed: no bugs.\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4}}";

  @TempDir
  Path dir;

  @Test
  void theScriptRunsClaudeThroughTheRouterWithACleanEnvironmentAndNoSecretOnDisk() throws Exception {
    try (MockWebServer provider = new MockWebServer()) {
      provider.start();
      provider.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json").body(CHAT_REPLY).build());
      int port = freePort();
      Path bin = Files.createDirectories(dir.resolve("bin"));
      executable(bin.resolve("ccr"), "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java")
          + "' -cp '" + System.getProperty("java.class.path") + "' dev.ccr.server.cli.Main \"$@\"\n");
      // What claude saw: its arguments and environment; then it asks the router, as Claude Code would.
      executable(bin.resolve("claude"), "#!/bin/bash\nprintf '%s\\n' \"$@\" > '" + dir.resolve("claude-args") + "'\n"
          + "env > '" + dir.resolve("claude-env") + "'\n"
          + "curl -sS -X POST \"$ANTHROPIC_BASE_URL/v1/messages\" -H 'content-type: application/json' "
          + "-H 'anthropic-version: 2023-06-01' -H \"authorization: Bearer $ANTHROPIC_AUTH_TOKEN\" "
          + "-d '{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"review\"}]}'\n");
      Path home = dir.resolve("ccr-home");

      Map<String, String> env = new LinkedHashMap<>();
      env.put("PATH", bin + ":/usr/local/bin:/usr/bin:/bin");
      env.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
      env.put("CCR_HOME", home.toString());
      env.put("CCR_PORT", Integer.toString(port));
      env.put("CCR_PROVIDER", "local");
      env.put("CCR_PROVIDER_URL", provider.url("/v1/chat/completions").toString());
      env.put("CCR_MODEL", "m");
      env.put("CCR_PROVIDER_API_KEY", SECRET);
      env.put("CCR_PROMPT", "Review the latest commit");
      env.put("ANTHROPIC_API_KEY", "sk-ant-of-the-runner"); // must not reach claude beside the router's token
      Result run = run(env);

      assertThat(run.exit).as(run.output).isZero();
      assertThat(run.output).contains("Reviewed: no bugs.");
      assertThat(Files.readAllLines(dir.resolve("claude-args"))).containsExactly("-p", "Review the latest commit");
      Map<String, String> seen = environment(dir.resolve("claude-env"));
      assertThat(seen).containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:" + port)
          .containsEntry("ANTHROPIC_API_KEY", "").containsEntry("CI", "true").containsEntry("FORCE_COLOR", "0")
          .containsEntry("TERM", "dumb").doesNotContainKey("CCR_PROVIDER_API_KEY");
      assertThat(Files.readString(dir.resolve("claude-env"))).doesNotContain(SECRET);

      RecordedRequest upstream = provider.takeRequest();
      assertThat(upstream.getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);
      String config = Files.readString(home.resolve("config.json"));
      assertThat(config).contains("\"api_key\": \"$CCR_PROVIDER_API_KEY\"", "\"NON_INTERACTIVE_MODE\": true")
          .doesNotContain(SECRET);
      assertThat(answers(port)).as("the script stops ccr when it ends").isFalse();
    }
  }

  @Test
  void aMissingKeyStopsTheScriptBeforeAnythingStarts() throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/bin:/bin");
    env.put("HOME", dir.toString());
    env.put("CCR_HOME", dir.resolve("ccr-home").toString());
    env.put("CCR_PROVIDER_URL", "http://127.0.0.1:9/v1/chat/completions");
    env.put("CCR_MODEL", "m");
    env.put("CCR_PROMPT", "hi");

    Result run = run(env);

    assertThat(run.exit).isEqualTo(2);
    assertThat(run.output).contains("CCR_PROVIDER_API_KEY is empty");
    assertThat(dir.resolve("ccr-home")).doesNotExist();
  }

  @Test
  void theWorkflowRunsThisScriptWithTheKeyFromASecretAndOnlyVariablesItDocuments() throws Exception {
    String workflow = Files.readString(WORKFLOW);
    String header = Files.readString(SCRIPT).substring(0, Files.readString(SCRIPT).indexOf("set -euo pipefail"));

    assertThat(workflow).contains("run: bash .github/ccr/run-claude-code.sh",
        "CCR_PROVIDER_API_KEY: ${{ secrets.DEEPSEEK_API_KEY }}", "CCR_JAR: ${{ runner.temp }}/ccr-server.jar");
    String step = workflow.substring(workflow.indexOf("- name: Run Claude Code through ccr"));
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\n\\s+(CCR_[A-Z_]+):").matcher(step);
    int seen = 0;
    while (names.find()) {
      seen++;
      assertThat(header).as("the script's header documents " + names.group(1)).contains(names.group(1));
    }
    assertThat(seen).isGreaterThanOrEqualTo(8);
  }

  private record Result(int exit, String output) {}

  private Result run(Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toAbsolutePath().toString()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES)) { // a guard against a hang, not a measure of speed
      p.destroyForcibly();
      throw new AssertionError("the script did not end:\n" + output);
    }
    return new Result(p.exitValue(), output);
  }

  private static Map<String, String> environment(Path file) throws IOException {
    return Files.readAllLines(file).stream().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1), (a, b) -> b));
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean answers(int port) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }
}
