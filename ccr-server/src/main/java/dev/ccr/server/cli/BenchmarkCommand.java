package dev.ccr.server.cli;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.server.benchmark.Benchmark;
import dev.ccr.server.benchmark.ProgressBar;
import dev.ccr.server.benchmark.Report;
import dev.ccr.server.benchmark.RouteResult;
import dev.ccr.server.benchmark.Targets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ccr benchmark}: the same request along each route through the configured providers, summed up. */
@Command(name = "benchmark", description = {"Send the same request along each route and compare latency, "
    + "time to first token, output speed, errors and cost.",
    "Example: ccr benchmark --routes deepseek,deepseek-chat,openrouter,moonshotai/kimi-k2 --iterations 10 --stream"})
final class BenchmarkCommand extends CcrCommand {
  static final String DEFAULT_PROMPT = "Write a haiku about network routers.";

  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--routes", required = true, paramLabel = "PROVIDER,MODEL[,PROVIDER,MODEL...]",
      description = "The routes to compare, one provider,model after another.")
  String routes;

  @Option(names = "--iterations", defaultValue = "5", paramLabel = "N", description = "Requests per route (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--prompt", paramLabel = "FILE", description = "Send the text of FILE as the user message.")
  Path prompt;

  @Option(names = "--max-tokens", defaultValue = "256", paramLabel = "N", description = "max_tokens of each request (default ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--stream", description = "Stream each reply (measures time to first token).")
  boolean stream;

  @Option(names = "--json", description = "Print the results as JSON, for scripts.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    if (iterations < 1) throw new IllegalArgumentException("--iterations must be at least 1");
    if (maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be at least 1");
    String text = prompt == null ? DEFAULT_PROMPT : Files.readString(prompt, StandardCharsets.UTF_8);
    CcrConfig cfg = ConfigFiles.loadToRead(config.file, err()).config();
    java.util.Map<String, List<String>> models = new java.util.LinkedHashMap<>();
    cfg.providers().forEach(p -> models.put(p.name(), p.models()));
    List<String> targets = Targets.parse(routes, models);
    Targets.unlisted(targets, models).forEach(w -> err().println("ccr: warning: " + w));
    MessagesRequest request = MessagesRequest.builder().model(targets.get(0)).maxTokens(maxTokens)
        .addMessage(Message.user(text)).stream(stream).build();
    // A bar only where someone watches it: not into a file, a pipe or a script's --json.
    boolean terminal = System.console() != null && !json;
    Benchmark.Progress progress = terminal ? new ProgressBar(err()) : (done, total) -> { };
    List<RouteResult> results;
    try (ClaudeCodeRouter router = ClaudeCodeRouter.builder().config(cfg).build()) {
      results = new Benchmark(router, request, System::nanoTime).run(targets, iterations, progress);
    }
    out().print(json ? Report.json(results, iterations, stream) + "\n" : Report.table(results));
    out().flush();
    return results.stream().allMatch(r -> r.errors() == r.requests()) ? 1 : 0;
  }
}
