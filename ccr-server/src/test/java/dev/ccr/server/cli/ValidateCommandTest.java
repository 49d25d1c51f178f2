package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr validate}: one pass, every problem, the same checks {@code ccr start} refuses a config for. */
class ValidateCommandTest {
  static final String GOOD = "{Providers: [{name: 'a', api_base_url: 'https://a.example/v1/messages', api_key: 'k',"
      + " models: ['m'], transformer: {use: ['anthropic']}}], Router: {default: 'a,m'}}";

  @TempDir Path dir;
  final InProcess ccr = new InProcess();

  private Path write(String json5) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json5);
    return file;
  }

  @Test
  void theFileCanBeGivenAsAnArgumentOrWithConfig() throws Exception {
    Path file = write(GOOD);

    assertThat(ccr.run("validate", file.toString())).isZero();
    assertThat(ccr.run("validate", "--config", file.toString())).as(ccr.err()).isZero();
    assertThat(ccr.out().lines()).containsExactly(file + ": ok (1 provider)", file + ": ok (1 provider)");
  }

  @Test
  void aMissingFileIsNamedAndWithoutTheDefaultOneTheSampleStartServesIsChecked() throws Exception {
    Path missing = dir.resolve("nope.json");

    assertThat(ccr.run("validate", missing.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(missing + ": no such file", "check the path").doesNotContain("ccr init");

    String home = System.getProperty("ccr.home");
    System.setProperty("ccr.home", dir.resolve("empty-home").toString());
    try {
      InProcess fresh = new InProcess();
      assertThat(fresh.run("validate")).as(fresh.err()).isZero();
      assertThat(fresh.err()).contains(dir.resolve("empty-home/config.json") + ": no such file",
          "ccr start serves the sample", "`ccr init` writes a starter");
      assertThat(fresh.out()).startsWith("sample configuration: ok (");
    } finally {
      if (home == null) System.clearProperty("ccr.home"); else System.setProperty("ccr.home", home);
    }
  }

  @Test
  void twoDifferentFilesAreAUsageError() throws Exception {
    Path file = write(GOOD);

    assertThat(ccr.run("validate", file.toString(), "--config", dir.resolve("other.json").toString())).isEqualTo(2);
    assertThat(ccr.err()).contains("give the file once");
  }

  @Test
  void anEmptyProviderListIsAProblemNotAPass() throws Exception {
    Path file = write("{Providers: [], Router: {}}");

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(file + ": 1 problem\n", "Providers is empty").doesNotContain("problem(s)");
  }

  @Test
  void problemsAreCountedInWords() throws Exception {
    Path file = write("{Providers: [{name: 'a', api_base_url: 'https://a.example/v1/messages', models: ['m'],"
        + " transformer: {use: ['nope1', 'nope2']}}], Router: {default: 'a,m'}}");

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(file + ": 2 problems\n", "\"nope1\"", "\"nope2\"").doesNotContain("problem(s)");
  }

  @Test
  void aBrokenEntryDoesNotHideTheOtherProblems() throws Exception {
    Path file = write("{transformers: [{path: '/nowhere/x.jar'}], Providers: [{name: 'a', api_base_url: 'htps//x',"
        + " models: ['m'], transformer: {use: ['nope']}}], Router: {default: 'a,m', think: 'b,m'}}");

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(file + ": 4 problems\n", "api_base_url is not a URL", "no jar at /nowhere/x.jar",
        "unknown transformer \"nope\"", "Router.think names provider \"b\"", "(did you mean \"a\"?)")
        .doesNotContain("Providers is empty");
  }

  @Test
  void aNetworkHostWithoutApiKeyIsAProblemAsStartSays() throws Exception {
    Path file = write(GOOD.replace("{Providers", "{HOST: '0.0.0.0', Providers"));

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains("HOST 0.0.0.0 would expose the proxy");
  }

  @Test
  void startRefusesWhatValidateRefuses() throws Exception {
    Path file = write("{Providers: [], Router: {}}");

    assertThat(ccr.run("start", "--config", file.toString(), "--port", "0")).isEqualTo(1);
    assertThat(ccr.err()).contains("Providers is empty");
  }

  private Path routerJar(String name, String constructors) throws Exception {
    return PluginJar.passingRouter("a", name, constructors).writeTo(dir.resolve(name + ".jar"));
  }

  @Test
  void aCustomRouterWithoutAnAcceptedConstructorIsToldWhichOnesAreAccepted() throws Exception {
    Path jar = routerJar("OddRouter", "public OddRouter(int n) {}");
    Path file = write(GOOD.replace("{Providers", "{CUSTOM_ROUTER_PATH: '" + jar + "#a.OddRouter', Providers"));

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(file + ": 1 problem\n",
        "a.OddRouter needs a public constructor taking no arguments or one dev.ccr.config.CcrConfig")
        .doesNotContain("NoSuchMethodException");
  }

  @Test
  void aCustomRouterWhoseConstructorThrowsIsReportedWithTheCause() throws Exception {
    Path jar = routerJar("BoomRouter", "public BoomRouter() { throw new IllegalStateException(\"boom in ctor\"); }");
    Path file = write(GOOD.replace("{Providers", "{CUSTOM_ROUTER_PATH: '" + jar + "#a.BoomRouter', Providers"));

    assertThat(ccr.run("validate", file.toString())).isEqualTo(1);
    assertThat(ccr.err()).contains(file + ": 1 problem\n", "a.BoomRouter",
        "java.lang.IllegalStateException: boom in ctor").doesNotContain("InvocationTargetException");
  }
}
