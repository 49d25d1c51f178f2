package dev.ccr.server.statusline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The branch checked out in a folder, read from {@code .git/HEAD} rather than by running git: this
 * runs on every turn. A {@code .git} file (a worktree or submodule) points to the real git folder.
 */
final class GitBranch {
  private GitBranch() {}

  /** The branch name, the short commit on a detached HEAD, or "" outside a repository. */
  static String of(Path dir) {
    try {
      for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        Path git = d.resolve(".git");
        if (Files.isDirectory(git)) return head(git);
        if (Files.isRegularFile(git)) {
          String pointer = Files.readString(git, StandardCharsets.UTF_8).trim();
          if (!pointer.startsWith("gitdir:")) return "";
          return head(d.resolve(pointer.substring("gitdir:".length()).trim()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: no branch shown
    }
    return "";
  }

  private static String head(Path gitDir) throws IOException {
    String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).trim();
    if (head.startsWith("ref:")) {
      String ref = head.substring(4).trim();
      return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }
    return head.length() >= 7 ? head.substring(0, 7) : head;
  }
}
