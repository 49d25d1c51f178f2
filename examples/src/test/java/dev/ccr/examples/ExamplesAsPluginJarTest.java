package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/README.md's plug-in steps, done as a user does them: this module's classes in a jar,
 * named in config.json (the transformer) and in CUSTOM_ROUTER_PATH (the router), and the real
 * server started in its own JVM whose class path does not hold them.
 */
class ExamplesAsPluginJarTest {
  static final String CHAT_REPLY = "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
      + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}";

  @Test
  void theTransformerAndTheRouterWorkFromTheirJarInARealServer(@TempDir Path dir) throws Exception {
    Path jar = jarOfThisModule(dir.resolve("ccr-examples.jar"));
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().body(CHAT_REPLY).build());
      upstream.enqueue(new MockResponse.Builder().body(CHAT_REPLY).build());
      Path config = dir.resolve("config.json");
      Files.writeString(config, """
          {
            "transformers": [{"path": "%1$s"}],
            "CUSTOM_ROUTER_PATH": "%1$s#dev.ccr.examples.KeywordRouter$Factory",
            "KeywordRouter": {"keyword": "deploy", "route": "deepseek,deepseek-reasoner"},
            "Providers": [{
              "name": "deepseek", "api_base_url": "%2$s", "api_key": "sk-test",
              "models": ["deepseek-chat", "deepseek-reasoner"],
              "transformer": {"use": [["addheaders", {"X-Team": "search"}]]}
            }],
            "Router": {"default": "deepseek,deepseek-chat"}
          }
          """.formatted(jar, upstream.url("/chat/completions")));

      Process server = startServer(config, dir, Map.of());
      try {
        String url = listeningUrl(server);
        try (Response r = post(url, "Please deploy the service")) {
          assertThat(r.code()).isEqualTo(200);
          assertThat(r.header("x-ccr-route")).startsWith("deepseek,deepseek-reasoner; scenario=keyword");
        }
        try (Response r = post(url, "explain this")) {
          assertThat(r.header("x-ccr-route")).startsWith("deepseek,deepseek-chat; scenario=default");
        }
        RecordedRequest first = upstream.takeRequest();
        assertThat(first.getHeaders().get("X-Team")).isEqualTo("search");
        assertThat(first.getBody().utf8()).contains("\"model\":\"deepseek-reasoner\"");
        assertThat(upstream.takeRequest().getHeaders().get("X-Team")).isEqualTo("search");
      } finally {
        server.destroy();
        server.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theReadmesWholeWayExampleWorksAsWritten(@TempDir Path dir) throws Exception {
    Path jar = jarOfThisModule(dir.resolve("ccr-examples.jar"));
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("#### The whole way: the examples module's `addheaders`");
    assertThat(section).as("README.md has the whole plug-in example").isNotNegative();
    Matcher block = Pattern.compile("```json5\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section));
    assertThat(block.find()).as("the README's plug-in example has its config.json").isTrue();
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().body(CHAT_REPLY).build());
      // Only where the jar is and where the provider answers differ from the README's text.
      String text = block.group(1)
          .replace("/abs/path/to/ccr/examples/target/ccr-examples.jar", jar.toString())
          .replace("https://api.deepseek.com/chat/completions", upstream.url("/chat/completions").toString());
      assertThat(text).contains(jar.toString(), upstream.url("/chat/completions").toString());
      Path config = Files.writeString(dir.resolve("config.json"), text);

      Process server = startServer(config, dir, Map.of("DEEPSEEK_API_KEY", "sk-readme"));
      try {
        try (Response r = post(listeningUrl(server), "hi")) {
          assertThat(r.code()).isEqualTo(200);
          assertThat(r.header("x-ccr-route")).startsWith("deepseek,deepseek-chat; scenario=default");
        }
        RecordedRequest sent = upstream.takeRequest();
        assertThat(sent.getHeaders().get("X-Team")).as("the entry's options reach the plain use").isEqualTo("search");
        assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer sk-readme");
      } finally {
        server.destroy();
        server.onExit().get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * The server, in a JVM whose class path is this test's minus this module's own classes; {@code env}
   * is set, and {@code DEEPSEEK_API_KEY} is never inherited from the machine's environment.
   */
  private static Process startServer(Path config, Path home, Map<String, String> env) throws Exception {
    String own = Path.of(KeywordRouter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    String tests = Path.of(ExamplesAsPluginJarTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    List<String> cp = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.equals(own) && !e.equals(tests)) cp.add(e);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Dccr.home=" + home, "-cp", String.join(File.pathSeparator, cp),
        "dev.ccr.server.cli.Main", "start", "--config", config.toString(), "--port", "0").redirectErrorStream(true);
    pb.environment().remove("DEEPSEEK_API_KEY");
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Reads the server's output until it says where it listens; everything it said is in the failure otherwise. */
  private static String listeningUrl(Process server) throws Exception {
    Pattern listening = Pattern.compile("listening on (http://\\S+)");
    StringBuilder said = new StringBuilder();
    CompletableFuture<String> url = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
          said.append(line).append('\n');
          Matcher m = listening.matcher(line);
          if (m.find()) {
            Thread drain = new Thread(() -> in.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();
            return m.group(1);
          }
        }
        return null;
      } catch (java.io.IOException e) {
        return null;
      }
    });
    String found = url.get(60, TimeUnit.SECONDS); // a safety net against a hang, not a speed check
    assertThat(found).as("the server's output:\n%s", said).isNotNull();
    return found;
  }

  private static Response post(String url, String text) throws Exception {
    String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\""
        + text + "\"}]}";
    return new OkHttpClient().newCall(new Request.Builder().url(url + "/v1/messages")
        .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute();
  }

  /** This module's compiled classes and service files, jarred as `mvn package` jars them. */
  private static Path jarOfThisModule(Path jar) throws URISyntaxException, java.io.IOException {
    Path classes = Path.of(KeywordRouter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }
}
