package dev.ccr.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real plug-in jar at test time: sources compiled against the test's class path, so the
 * classes exist only in the jar (a jar of classes already on the class path would be loaded from
 * the parent, and prove nothing about loading it).
 */
public final class PluginJar {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, String> services = new LinkedHashMap<>();

  /** Adds a class: its fully qualified name and its source. */
  public PluginJar source(String className, String source) {
    sources.put(className, source);
    return this;
  }

  /** Lists {@code implementation} in {@code META-INF/services/<service>}. */
  public PluginJar service(String service, String implementation) {
    services.merge(service, implementation, (a, b) -> a + "\n" + b);
    return this;
  }

  /** The same classes with no {@code META-INF/services} file. */
  public PluginJar withoutServices() {
    services.clear();
    return this;
  }

  /** Compiles the sources and writes the jar to {@code jar}. */
  public Path writeTo(Path jar) throws IOException {
    Path work = Files.createTempDirectory("plugin-src");
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
        "--release", "17", "-nowarn"));
    for (Map.Entry<String, String> s : sources.entrySet()) {
      Path file = work.resolve("src").resolve(s.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, s.getValue());
      args.add(file.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (!sources.isEmpty() && javac.run(null, null, System.err, args.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the plug-in sources do not compile");
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
      for (Map.Entry<String, String> s : services.entrySet()) {
        put(out, "META-INF/services/" + s.getKey(), (s.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(bytes);
    jar.closeEntry();
  }

  /** A transformer factory named {@code name} that adds the header {@code X-Plugin: <options.value>} upstream. */
  public static PluginJar headerTransformer(String pkg, String name) {
    String cls = pkg + ".HeaderFactory";
    return new PluginJar().source(cls, """
        package %s;
        import dev.ccr.json.JsonValue;
        import dev.ccr.spi.Transformer;
        public final class HeaderFactory implements Transformer.Factory {
          public String name() { return "%s"; }
          public Transformer create(JsonValue options) {
            String value = options.asObject() == null ? "none" : options.asObject().getString("value");
            String extra = options.asObject() == null ? null : options.asObject().getString("extra");
            return chain -> chain.proceed(chain.request().withHeader("X-Plugin", value + (extra == null ? "" : "+" + extra)));
          }
        }
        """.formatted(pkg, name)).service("dev.ccr.spi.Transformer$Factory", cls);
  }

  /**
   * A provider factory named {@code name} that sends the Anthropic format to the entry's {@code
   * api_base_url} with the header {@code X-Jar-Provider: <name>}, so a test sees which provider built the call.
   */
  public static PluginJar anthropicProvider(String pkg, String name) {
    String cls = pkg + ".JarProviderFactory";
    return new PluginJar().source(cls, """
        package %s;
        import dev.ccr.config.ProviderConfig;
        import dev.ccr.json.JsonValue;
        import dev.ccr.model.AnthropicJson;
        import dev.ccr.model.MessagesRequest;
        import dev.ccr.model.MessagesResponse;
        import dev.ccr.routing.Route;
        import dev.ccr.spi.Provider;
        import dev.ccr.spi.StreamDecoder;
        import dev.ccr.spi.UpstreamRequest;
        import java.util.Map;
        public final class JarProviderFactory implements Provider.Factory {
          public String name() { return "%s"; }
          public Provider create(ProviderConfig config) {
            return new Provider() {
              public UpstreamRequest prepare(MessagesRequest request, Route route) {
                return new UpstreamRequest(UpstreamRequest.ANTHROPIC, config.apiBaseUrl(), Map.of("X-Jar-Provider", name()),
                    AnthropicJson.toTree(request.withModel(route.model())), request.isStream());
              }
              public MessagesResponse readResponse(JsonValue body, Route route) { return AnthropicJson.response(body); }
              public StreamDecoder newStreamDecoder(Route route) {
                return new StreamDecoder() {
                  public void decode(dev.ccr.spi.UpstreamEvent e, java.util.function.Consumer<dev.ccr.model.StreamEvent> out) {
                    out.accept(AnthropicJson.event(e.data()));
                  }
                  public void finish(java.util.function.Consumer<dev.ccr.model.StreamEvent> out) {}
                };
              }
            };
          }
        }
        """.formatted(pkg, name)).service("dev.ccr.spi.Provider$Factory", cls);
  }

  /** A router {@code pkg.name} that always passes, with {@code constructors} (Java source) as its only constructors. */
  public static PluginJar passingRouter(String pkg, String name, String constructors) {
    return new PluginJar().source(pkg + "." + name, """
        package %s;
        import dev.ccr.routing.Route;
        import dev.ccr.routing.RoutingContext;
        import java.util.Optional;
        public class %s implements dev.ccr.spi.Router {
          %s
          public Optional<Route> route(RoutingContext ctx) { return Optional.empty(); }
        }
        """.formatted(pkg, name, constructors));
  }
}
