package dev.ccr.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.json.Json;
import dev.ccr.json.JsonObject;
import dev.ccr.testing.PluginJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginJarsTest {
  @TempDir Path dir;

  private PluginJars.Loaded load(String... entries) {
    List<JsonObject> list = java.util.Arrays.stream(entries).map(e -> Json.parse(e).asObject()).toList();
    return PluginJars.load(list, dir.resolve("plugins"), dir, getClass().getClassLoader());
  }

  private static String entry(Path jar, String options) {
    return "{\"path\": " + Json.write(dev.ccr.json.JsonString.of(jar.toString())) + (options == null ? "" : ", \"options\": " + options) + "}";
  }

  @Test
  void aJarNamedInConfigBringsTheFactoriesItsServicesFileLists() throws Exception {
    Path jar = PluginJar.headerTransformer("p1", "stamp").writeTo(dir.resolve("stamp.jar"));

    PluginJars.Loaded loaded = load(entry(jar, null));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.transformers()).extracting(Transformer.Factory::name).containsExactly("stamp");
    assertThat(loaded.transformers().get(0).getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
  }

  @Test
  void aClassNamedAfterAHashIsLoadedWithoutAServicesFile() throws Exception {
    Path jar = PluginJar.headerTransformer("p2", "stamp2").withoutServices().writeTo(dir.resolve("bare.jar"));

    PluginJars.Loaded noServices = load(entry(jar, null));
    assertThat(noServices.problems()).singleElement().asString()
        .contains("transformers[0]", "lists no dev.ccr.spi.Transformer$Factory", "#com.example.MyTransformer");

    PluginJars.Loaded named = load("{\"path\": \"" + jar + "#p2.HeaderFactory\"}");
    assertThat(named.problems()).isEmpty();
    assertThat(named.transformers()).extracting(Transformer.Factory::name).containsExactly("stamp2");
  }

  @Test
  void everyBrokenEntryIsAProblemNamingIt() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "this is not a zip");
    Path jar = PluginJar.headerTransformer("p3", "stamp3").writeTo(dir.resolve("ok.jar"));

    PluginJars.Loaded loaded = load(
        "{\"path\": \"/opt/ccr/my-transformer.js\"}",
        entry(dir.resolve("missing.jar"), null),
        entry(notAJar, null),
        "{\"path\": \"" + jar + "#p3.Nope\"}",
        "{\"path\": \"" + jar + "#java.lang.Object\"}",
        "{\"options\": {}}");

    assertThat(loaded.problems()).hasSize(6);
    assertThat(loaded.problems().get(0)).startsWith("transformers[0] (/opt/ccr/my-transformer.js) is a JavaScript transformer");
    assertThat(loaded.problems().get(1)).startsWith("transformers[1]").contains("no jar at");
    assertThat(loaded.problems().get(2)).startsWith("transformers[2]").contains("is not a readable jar");
    assertThat(loaded.problems().get(3)).startsWith("transformers[3]").contains("no class p3.Nope");
    assertThat(loaded.problems().get(4)).startsWith("transformers[4]").contains("implements none of");
    assertThat(loaded.problems().get(5)).startsWith("transformers[5] must have a \"path\"");
  }

  @Test
  void jarsInThePluginsFolderLoadWithoutAnEntry() throws Exception {
    PluginJar.headerTransformer("p4", "folderstamp").writeTo(dir.resolve("plugins/folder.jar"));
    Files.writeString(dir.resolve("plugins/readme.txt"), "not a jar, not read");

    PluginJars.Loaded loaded = load();

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.transformers()).extracting(Transformer.Factory::name).containsExactly("folderstamp");
  }

  @Test
  void aRelativePathIsReadFromCcrsHome() throws Exception {
    PluginJar.headerTransformer("p5", "relstamp").writeTo(dir.resolve("lib/rel.jar"));

    assertThat(load("{\"path\": \"lib/rel.jar\"}").transformers()).extracting(Transformer.Factory::name)
        .containsExactly("relstamp");
  }

  @Test
  void aJarWhoseClassesAreAlsoOnTheClassPathStillLoads() throws Exception {
    // As when the examples jar is both on an embedder's class path and named in config.json.
    Path jar = new PluginJar().service("dev.ccr.spi.Transformer$Factory", PluginRegistryTest.Shout.class.getName())
        .writeTo(dir.resolve("also-on-class-path.jar"));

    PluginJars.Loaded loaded = load(entry(jar, null));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.transformers()).extracting(Transformer.Factory::name).containsExactly("shout");
  }

  @Test
  void onlyTheJarsOwnServicesAreRead() throws Exception {
    Path jar = PluginJar.headerTransformer("p7", "own").writeTo(dir.resolve("own.jar"));

    assertThat(load(entry(jar, null)).transformers()).as("ccr's own plug-ins are not counted as the jar's")
        .extracting(Transformer.Factory::name).containsExactly("own");
  }
}
