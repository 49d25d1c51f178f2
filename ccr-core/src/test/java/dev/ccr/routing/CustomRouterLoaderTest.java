package dev.ccr.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomRouterLoaderTest {
  static final CcrConfig CONFIG = CcrConfig.parse("{Providers: [{name: 'p', api_base_url: 'https://p.example/v1',"
      + " models: ['m', 'deploy-m']}], Router: {default: 'p,m'}}");

  /** Compiles a router into its own jar, outside ccr's class path, as a user would ship it. */
  static Path routerJar(Path dir) throws Exception {
    return new PluginJar().source("com.example.DeployRouter", """
        package com.example;
        import dev.ccr.routing.*; import java.util.Optional;
        public class DeployRouter implements dev.ccr.spi.Router {
          public Optional<Route> route(RoutingContext ctx) {
            String text = ctx.request().messages().get(0).content().text();
            return text.contains("deploy") ? Optional.of(Route.of("p", "deploy-m", "deploy", "mentions deploy"))
                : Optional.empty();
          }
        }
        """).writeTo(dir.resolve("deploy-router.jar"));
  }

  @Test
  void loadsARouterClassFromItsJar(@TempDir Path dir) throws Exception {
    Path jar = routerJar(dir);

    ScenarioRouter.NamedRouter named = CustomRouterLoader.load(jar + "#com.example.DeployRouter", CONFIG,
        getClass().getClassLoader());
    ScenarioRouter router = new ScenarioRouter(CONFIG, List.of(named), new SessionMemory(10));

    MessagesRequest deploy = MessagesRequest.builder().model("x").addMessage(Message.user("please deploy")).build();
    MessagesRequest other = MessagesRequest.builder().model("x").addMessage(Message.user("hello")).build();
    assertThat(router.route(new RoutingContext(deploy, null, CONFIG, r -> 1)).target()).isEqualTo("p,deploy-m");
    assertThat(router.route(new RoutingContext(other, null, CONFIG, r -> 1)).target()).isEqualTo("p,m");
    assertThat(named.name()).isEqualTo("DeployRouter");
  }

  @Test
  void badPathsAreClearConfigErrors(@TempDir Path dir) throws Exception {
    Path jar = routerJar(dir);
    ClassLoader cl = getClass().getClassLoader();

    assertThatThrownBy(() -> CustomRouterLoader.load("/home/me/.claude-code-router/custom-router.js", CONFIG, cl))
        .isInstanceOf(ConfigException.class).hasMessageContaining("JavaScript router");
    assertThatThrownBy(() -> CustomRouterLoader.load(jar.toString(), CONFIG, cl))
        .isInstanceOf(ConfigException.class).hasMessageContaining("#com.example.MyRouter");
    assertThatThrownBy(() -> CustomRouterLoader.load(jar + "#com.example.Nope", CONFIG, cl))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no class com.example.Nope");
    assertThatThrownBy(() -> CustomRouterLoader.load(dir.resolve("missing.jar") + "#a.B", CONFIG, cl))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no jar at");
  }

  static Path oddRouterJar(Path dir, String name, String constructors) throws Exception {
    return PluginJar.passingRouter("a", name, constructors).writeTo(dir.resolve(name + ".jar"));
  }

  @Test
  void aRouterWithoutAnAcceptedConstructorIsToldWhichOnesAreAccepted(@TempDir Path dir) throws Exception {
    Path jar = oddRouterJar(dir, "OddRouter", "public OddRouter(int n) {}");

    assertThatThrownBy(() -> CustomRouterLoader.load(jar + "#a.OddRouter", CONFIG, getClass().getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CUSTOM_ROUTER_PATH: a.OddRouter needs a public constructor taking no arguments or one "
            + "dev.ccr.config.CcrConfig")
        .hasMessageNotContaining("NoSuchMethodException");
  }

  @Test
  void aRouterWhoseConstructorThrowsIsReportedWithTheCause(@TempDir Path dir) throws Exception {
    Path jar = oddRouterJar(dir, "BoomRouter", "public BoomRouter() { throw new IllegalStateException(\"boom in ctor\"); }");

    assertThatThrownBy(() -> CustomRouterLoader.load(jar + "#a.BoomRouter", CONFIG, getClass().getClassLoader()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CUSTOM_ROUTER_PATH: a.BoomRouter")
        .hasMessageContaining("java.lang.IllegalStateException: boom in ctor")
        .hasMessageNotContaining("InvocationTargetException");
  }
}
