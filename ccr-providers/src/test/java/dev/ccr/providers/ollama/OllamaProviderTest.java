package dev.ccr.providers.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.ProviderException;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.providers.testing.Providers;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class OllamaProviderTest {
  @Test
  void needsNoUrlAndNoKey() {
    var request = Providers.prepare("{name: 'ollama', models: ['qwen2.5-coder:latest']}", "qwen2.5-coder:latest",
        "{\"model\":\"x\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

    assertThat(request.url()).isEqualTo("http://localhost:11434/v1/chat/completions");
    assertThat(request.headers()).doesNotContainKey("Authorization");
  }

  @Test
  void whenOllamaIsNotRunningTheErrorSaysSo() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free now, so nothing listens there
    }
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'ollama', api_base_url: 'http://127.0.0.1:" + port
        + "/v1/chat/completions', models: ['llama3']}], Router: {default: 'ollama,llama3'}}");
    try (ClaudeCodeRouter ccr = ClaudeCodeRouter.builder().config(config).build()) {
      assertThatThrownBy(() -> ccr.send(MessagesRequest.builder().model("x").maxTokens(5).addMessage(Message.user("hi")).build()))
          .isInstanceOf(ProviderException.class)
          .hasMessage("ollama,llama3: cannot reach ollama at http://127.0.0.1:" + port + " (connection refused)");
    }
  }
}
