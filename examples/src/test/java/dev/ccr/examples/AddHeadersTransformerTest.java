package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class AddHeadersTransformerTest {

  @Test
  void customTransformerIsFoundByNameFromConfigJson() throws Exception {
    try (MockWebServer upstream = new MockWebServer()) {
      upstream.start();
      upstream.enqueue(new MockResponse.Builder().setHeader("Content-Type", "application/json")
          .body("{\"id\":\"c\",\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
              + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}").build());
      CcrConfig config = CcrConfig.parse("{Providers: [{name: 'team', api_base_url: '" + upstream.url("/v1/chat/completions")
          + "', models: ['m'], transformer: {use: ['openai', ['AddHeaders', {'X-Team': 'search', 'X-Level': 3}]]}}],"
          + " Router: {default: 'team,m'}}");

      try (ClaudeCodeRouter ccr = ClaudeCodeRouter.builder().config(config).build()) {
        String text = ccr.send(MessagesRequest.builder().model("any").maxTokens(10).addMessage(Message.user("hi")).build()).text();
        assertThat(text).isEqualTo("ok");
      }

      RecordedRequest sent = upstream.takeRequest();
      assertThat(sent.getHeaders().get("X-Team")).isEqualTo("search");
      assertThat(sent.getHeaders().get("X-Level")).isEqualTo("3");
    }
  }
}
