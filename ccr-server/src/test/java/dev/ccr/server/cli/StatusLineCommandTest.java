package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.server.statusline.FakeCcr;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr statusline} as Claude Code runs it: always one line and exit 0. */
class StatusLineCommandTest {
  @TempDir Path home;
  private String previousHome;

  @BeforeEach
  void isolate() {
    previousHome = System.getProperty("ccr.home");
    System.setProperty("ccr.home", home.toString()); // no PID file here: no background server is found
  }

  @AfterEach
  void restore() {
    if (previousHome == null) System.clearProperty("ccr.home");
    else System.setProperty("ccr.home", previousHome);
  }

  /** A colour terminal, whatever the environment the tests inherit (CI may set TERM=dumb or NO_COLOR). */
  private static final java.util.Map<String, String> TERMINAL = java.util.Map.of("TERM", "xterm-256color");

  private static String run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Integer code = StatusLineCommand.direct(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), TERMINAL::get);
    assertThat(code).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path config(String json) throws Exception {
    return Files.writeString(home.resolve("config.json"), json);
  }

  @Test
  void withNoServerAndEmptyOrBrokenInputItStillPrintsOneLine() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Path config = config("{\"PORT\": " + closed + ", \"Router\": {\"default\": \"deepseek,deepseek-chat\"},"
        + "\"StatusLine\": {\"default\": {\"modules\": [{\"type\": \"model\", \"text\": \"{{model}}\"}]}}}");

    assertThat(run("{}", "statusline", "--config", config.toString())).isEqualTo("deepseek-chat\u001b[0m\n");
    assertThat(run("}{ garbage", "statusline", "--config=" + config)).isEqualTo("deepseek-chat\u001b[0m\n");
    assertThat(run("", "statusline", "--config", home.resolve("missing.json").toString())).endsWith("\n").hasLineCount(1);
  }

  @Test
  void theRunningCcrIsAskedWithTheConfigsApiKey() throws Exception {
    try (FakeCcr ccr = new FakeCcr()) {
      ccr.answers.put("/api/sessions/abc", FakeCcr.session("abc"));
      // A route to a provider that is not configured: ccr start would refuse it, the status line still finds the server.
      Path config = config("{\"PORT\": " + ccr.port() + ", \"APIKEY\": \"sk-local\", \"Router\": {\"default\": \"gone,m\"},"
          + "\"StatusLine\": {\"default\": {\"modules\": [{\"type\": \"model\", \"text\": \"{{model}} {{tokenSpeed}} t/s\"}]}}}");

      assertThat(run("{\"session_id\": \"abc\"}", "statusline", "--config", config.toString()))
          .isEqualTo("deepseek-chat 42 t/s\u001b[0m\n");
      assertThat(ccr.requests).containsExactly("/api/sessions/abc key=sk-local");
    }
  }

  @Test
  void iconsLeaveAsUtf8WhateverTheConsolesEncoding() throws Exception {
    Path config = config("{\"StatusLine\": {\"default\": {\"modules\": [{\"type\": \"usage\", \"icon\": \"↑\","
        + " \"text\": \"{{inputTokens}}\"}]}}}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    StatusLineCommand.direct(new String[] {"statusline", "--config", config.toString()},
        new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.US_ASCII),
        TERMINAL::get);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("↑ 0\u001b[0m\n");
  }

  @Test
  void otherArgumentsGoToPicocliWhichListsTheCommand() {
    assertThat(StatusLineCommand.direct(new String[] {"statusline", "--help"}, System.in, System.out)).isNull();
    InProcess ccr = new InProcess();
    assertThat(ccr.run("statusline", "--help")).isZero();
    assertThat(ccr.out()).contains("Claude Code's status line");
    assertThat(ccr.run("--help")).isZero();
    assertThat(ccr.out()).contains("statusline");
  }
}
