package dev.ccr.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ccr model --project DIR}: the project's own Router table, shown over the config's and changed in place. */
class ModelProjectCommandTest {
  static final String CONFIG = "{Providers: ["
      + "{name: 'a', api_base_url: 'https://a.invalid/v1/messages', api_key: 'k', models: ['m', 'think-m'], transformer: {use: ['anthropic']}},"
      + "{name: 'team', api_base_url: 'https://t.invalid/v1/messages', api_key: 'k', models: ['t'], transformer: {use: ['anthropic']}}],"
      + " Router: {default: 'a,m', think: 'a,think-m'}}";

  @TempDir Path dir;
  Path config;
  Path project;
  final InProcess ccr = new InProcess();

  @BeforeEach
  void setUp() throws Exception {
    config = dir.resolve("config.json");
    Files.writeString(config, CONFIG);
    project = Files.createDirectories(dir.resolve("shop"));
  }

  @Test
  void showsTheConfigsTableWhenTheProjectHasNone() {
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString())).as(ccr.err()).isZero();

    assertThat(ccr.out()).contains("Router for " + project, "  default      a,m", "(config)").doesNotContain("(project)");
  }

  @Test
  void aProjectFolderThatIsNotThereIsAUsageErrorAndNothingIsCreated() {
    Path typo = dir.resolve("shpo/deep");

    assertThat(ccr.run("model", "--config", config.toString(), "--project", typo.toString())).isEqualTo(2);
    assertThat(ccr.run("model", "--config", config.toString(), "--project", typo.toString(), "set", "think", "team,t"))
        .isEqualTo(2);
    assertThat(ccr.err()).contains("--project " + typo + ": no such folder");
    assertThat(dir.resolve("shpo")).doesNotExist();
  }

  @Test
  void setWritesTheProjectsFileKeepingItsOtherKeysAndReferences() throws Exception {
    Path file = Files.createDirectories(project.resolve(".claude-code-router")).resolve("config.json");
    Files.writeString(file, "{Router: {background: '$TEAM_BACKGROUND'}, owner: 'team-x'}");

    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "think", "team,t"))
        .as(ccr.err()).isZero();

    String written = Files.readString(file);
    assertThat(written).contains("\"think\": \"team,t\"", "\"background\": \"$TEAM_BACKGROUND\"", "\"owner\": \"team-x\"");
    assertThat(Files.readString(config)).isEqualTo(CONFIG);
    ccr.out.reset();
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString())).isZero();
    assertThat(ccr.out()).containsPattern("think +team,t +\\(project\\)").containsPattern("default +a,m +\\(config\\)");
  }

  @Test
  void setCreatesTheFileAndRefusesWhatTheConfigCannotRoute() throws Exception {
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "default", "team,t"))
        .as(ccr.err()).isZero();
    assertThat(project.resolve(".claude-code-router/config.json")).content().contains("\"default\": \"team,t\"");

    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "think", "ghost,x"))
        .isEqualTo(1);
    assertThat(ccr.err()).contains("names provider \"ghost\", which is not configured");
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "thnk", "team,t"))
        .isEqualTo(1);
    assertThat(ccr.err()).contains("did you mean \"think\"");
    assertThat(project.resolve(".claude-code-router/config.json")).content().doesNotContain("ghost", "thnk");
  }

  @Test
  void setRefusesWhatTheServerWouldLeaveOutOfAProjectsTable() {
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "think", "team,$TEAM_MODEL"))
        .isEqualTo(1);
    assertThat(ccr.err()).contains("names an environment variable");
    assertThat(ccr.run("model", "--config", config.toString(), "--project", project.toString(), "set", "think", "team,unlisted"))
        .isEqualTo(1);
    assertThat(ccr.err()).contains("names model \"unlisted\", which provider \"team\" does not list");
    assertThat(project.resolve(".claude-code-router/config.json")).doesNotExist();
  }
}
