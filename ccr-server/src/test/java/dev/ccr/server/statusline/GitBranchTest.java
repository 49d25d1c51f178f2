package dev.ccr.server.statusline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The branch read from a real git repository's files, without running git. */
class GitBranchTest {
  @TempDir Path tmp;

  @Test
  void aRepositorysBranchShowsFromItsSubfolders() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    GitRepo.git(repo, "init", "-q");
    GitRepo.git(repo, "checkout", "-q", "-b", "fix/login");
    Path deep = Files.createDirectories(repo.resolve("src/main"));

    assertThat(GitBranch.of(repo)).isEqualTo("fix/login");
    assertThat(GitBranch.of(deep)).isEqualTo("fix/login");
  }

  @Test
  void aWorktreeShowsItsOwnBranchAndADetachedHeadItsShortCommit() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    GitRepo.git(repo, "init", "-q");
    GitRepo.git(repo, "commit", "-q", "--allow-empty", "-m", "first");
    GitRepo.git(repo, "worktree", "add", "-q", "-b", "side", tmp.resolve("side").toString());

    assertThat(GitBranch.of(tmp.resolve("side"))).isEqualTo("side");
    assertThat(GitBranch.of(repo)).isEqualTo("main");

    GitRepo.git(repo, "checkout", "-q", "--detach");
    String head = Files.readString(repo.resolve(".git/HEAD")).trim();
    assertThat(GitBranch.of(repo)).isEqualTo(head.substring(0, 7)).hasSize(7);
  }

  @Test
  void outsideARepositoryThereIsNoBranch() {
    assertThat(GitBranch.of(tmp)).isEmpty();
    assertThat(GitBranch.of(tmp.resolve("does/not/exist"))).isEmpty();
  }
}
