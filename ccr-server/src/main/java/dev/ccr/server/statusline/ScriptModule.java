package dev.ccr.server.statusline;

import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.server.statusline.Theme.Module;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code script} module: runs {@code scriptPath} (an executable, else a shell command line) with the
 * variables as a JSON object on stdin ({@code options} too, when the module has them) and shows the
 * first line it prints. Not JavaScript, unlike the original's: any program will do. A script that
 * fails, prints nothing or outlasts the timeout leaves the module out.
 */
final class ScriptModule {
  private static final int MAX_OUTPUT = 4096;

  private final Map<String, String> variables;
  private final Path workDir;
  private final Duration timeout;

  ScriptModule(Map<String, String> variables, Path workDir, Duration timeout) {
    this.variables = variables;
    this.workDir = workDir;
    this.timeout = timeout;
  }

  String run(Module module) {
    String command = module.scriptPath();
    if (command == null || command.isBlank()) return "";
    JsonObject.Builder json = JsonObject.builder();
    variables.forEach((k, v) -> json.put(k, new JsonString(v)));
    if (module.options() != null) json.put("options", module.options());
    Process p = null;
    try {
      Path file = Path.of(expandHome(command.trim()));
      List<String> argv = Files.isRegularFile(file) && Files.isExecutable(file)
          ? List.of(file.toString()) : List.of("/bin/sh", "-c", command);
      ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD);
      dev.ccr.internal.ChildEnvironment.clean(pb.environment());
      if (workDir != null && Files.isDirectory(workDir)) pb.directory(workDir.toFile());
      p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(json.build().toJson().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // a script that does not read its stdin may have closed it: its output still counts
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) return "";
      try (InputStream out = p.getInputStream()) {
        String text = new String(out.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
        return text.lines().findFirst().orElse("").strip();
      }
    } catch (IOException | RuntimeException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } finally {
      if (p != null && p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  private static String expandHome(String path) {
    return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
  }
}
