package dev.ccr.examples;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.EventStream;
import dev.ccr.model.Delta;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.model.MessagesResponse;
import dev.ccr.model.StreamEvent;
import dev.ccr.routing.Route;
import java.io.PrintStream;
import java.nio.file.Path;

/** The README's embedding snippet with the config file as an argument: {@code EmbedExample [config.json]}. */
public final class EmbedExample {
  private EmbedExample() {}

  public static void main(String[] args) {
    Path config = args.length > 0 ? Path.of(args[0])
        : dev.ccr.config.CcrConfig.defaultPath();
    run(config, System.out);
  }

  static void run(Path configFile, PrintStream out) {
    try (ClaudeCodeRouter ccr = ClaudeCodeRouter.fromConfig(configFile)) {
      MessagesRequest request = MessagesRequest.builder()
          .model("claude-sonnet-4-5")
          .maxTokens(1024)
          .addMessage(Message.user("Write a haiku about routers"))
          .build();
      Route route = ccr.route(request);                       // where it goes, and why
      MessagesResponse reply = ccr.send(request, route);      // the whole answer at once
      out.println(route.target() + " (" + route.scenario() + "): " + reply.text());
      try (EventStream<StreamEvent> events = ccr.stream(request, route)) {  // or event by event
        for (StreamEvent e : events) {
          if (e instanceof StreamEvent.ContentBlockDelta d && d.delta() instanceof Delta.Text t) out.print(t.text());
        }
      }
      out.println();
    }
  }
}
