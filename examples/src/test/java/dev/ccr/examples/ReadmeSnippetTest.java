package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java snippet, cut out of README.md as it stands, compiled as shown and run. */
class ReadmeSnippetTest {
  @Test
  void theEmbeddingSnippetCompilesAsShownAndRuns(@TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README.md has a java block").isTrue();
    String source = m.group(1);
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(src.resolve("Haiku.java"), source);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", classes.toString(),
        "-cp", System.getProperty("java.class.path"), src.resolve("Haiku.java").toString());
    assertThat(rc).as("javac says:\n%s", errors.toString(StandardCharsets.UTF_8)).isZero();

    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":"
              + "[{\"type\":\"text\",\"text\":\"Packets find their way\"}],\"stop_reason\":\"end_turn\","
              + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":9,\"output_tokens\":5}}").build());
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "text/event-stream")
          .body("data: {\"type\":\"message_start\",\"message\":{\"id\":\"m2\",\"type\":\"message\",\"role\":"
              + "\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
              + "\"usage\":{\"input_tokens\":9,\"output_tokens\":1}}}\n\n"
              + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
              + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"streamed\"}}\n\n"
              + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
              + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
              + "\"usage\":{\"output_tokens\":3}}\n\n"
              + "data: {\"type\":\"message_stop\"}\n\n").build());
      Path home = dir.resolve("ccr-home");
      Files.createDirectories(home);
      Files.writeString(home.resolve("config.json"), "{Providers: [{name: 'claude', api_base_url: '"
          + upstream.url("/v1/messages") + "', models: ['claude-sonnet-4-5'], transformer: {use: ['anthropic']}}],"
          + " Router: {default: 'claude,claude-sonnet-4-5'}}");

      String ccrHome = System.getProperty("ccr.home");
      PrintStream stdout = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setProperty("ccr.home", home.toString()); // the snippet reads its config from ccr's folder
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
        loader.loadClass("Haiku").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
      } finally {
        System.setOut(stdout);
        if (ccrHome == null) System.clearProperty("ccr.home");
        else System.setProperty("ccr.home", ccrHome);
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("claude,claude-sonnet-4-5: Packets find their way\nstreamed");
      assertThat(upstream.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void thePluginExampleShowsTheExamplesModulesTransformerAsItIs() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("#### The whole way: the examples module's `addheaders`");
    assertThat(section).as("README.md has the whole plug-in example").isNotNegative();
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
    assertThat(m.find()).isTrue();

    String source = Files.readString(Path.of("src/main/java/dev/ccr/examples/AddHeadersTransformer.java"));
    String shown = source.substring(source.indexOf("public final class")).lines()
        .filter(l -> !l.strip().startsWith("/**") && !l.strip().startsWith("*"))
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    assertThat(m.group(1)).as("the README shows the class as it is, without its doc comments").isEqualTo(shown);
  }
}
