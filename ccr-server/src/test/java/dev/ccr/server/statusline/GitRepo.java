package dev.ccr.server.statusline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs real git in a test folder, with an environment of its own so the machine's git config does not count. */
final class GitRepo {
  private GitRepo() {}

  static void git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=ccr", "-c", "user.email=ccr@example.invalid",
        "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    String path = env.get("PATH");
    env.clear();
    env.put("PATH", path);
    env.put("HOME", dir.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + out);
  }
}
