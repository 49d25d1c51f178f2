package dev.ccr.project;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which transcript folder holds a session: found without listing Claude Code's projects on the request's thread. */
class ClaudeTranscriptsTest {
  static final String OLD = "0a1b2c3d-0000-4000-8000-000000000001";
  static final String NEW = "0a1b2c3d-0000-4000-8000-000000000002";

  @TempDir Path home;
  final FakeClock clock = new FakeClock();
  /** Refreshes handed to the pool, run only when the test says. */
  final List<Runnable> pending = new ArrayList<>();

  Path transcript(Path project, String session) throws IOException {
    Path folder = Files.createDirectories(home.resolve("projects").resolve(ClaudeTranscripts.folderName(project)));
    return Files.writeString(folder.resolve(session + ".jsonl"), "{\"cwd\":\"" + project + "\"}\n");
  }

  @Test
  void aSessionInItsWorkingDirectorysFolderIsFoundDirectlyAndOthersAfterARefreshOffTheRequestThread() throws IOException {
    ClaudeTranscripts transcripts = new ClaudeTranscripts(home, clock, 5_000, pending::add);
    Path shop = home.resolve("shop");
    Path fresh = home.resolve("fresh");
    transcript(shop, OLD);
    assertThat(transcripts.folderOf(OLD, null)).isEqualTo(ClaudeTranscripts.folderName(shop)); // the first lookup lists

    transcript(fresh, NEW); // a project folder made after the listing
    assertThat(transcripts.folderOf(NEW, fresh)).as("named by the working directory: one file look")
        .isEqualTo(ClaudeTranscripts.folderName(fresh));
    assertThat(transcripts.folderOf(NEW, null)).as("not listed again on the caller's thread").isNull();
    assertThat(pending).isEmpty();

    clock.advance(5_001);
    assertThat(transcripts.folderOf(NEW, null)).as("a stale list is used while it is refreshed").isNull();
    assertThat(transcripts.folderOf(NEW, null)).isNull();
    assertThat(pending).as("one refresh at a time, handed to the pool").hasSize(1);

    pending.remove(0).run();
    assertThat(transcripts.folderOf(NEW, null)).isEqualTo(ClaudeTranscripts.folderName(fresh));
    assertThat(transcripts.folderOf(OLD, fresh)).as("a working directory whose folder lacks the session falls back to the list")
        .isEqualTo(ClaudeTranscripts.folderName(shop));
  }

  @Test
  void anIdThatIsNoPlainIdIsNeverLookedUp() throws IOException {
    ClaudeTranscripts transcripts = new ClaudeTranscripts(home, clock, 5_000, pending::add);
    transcript(home.resolve("shop"), OLD);

    assertThat(transcripts.folderOf("../" + OLD, home.resolve("shop"))).isNull();
    assertThat(transcripts.folderOf(null, home.resolve("shop"))).isNull();
  }
}
