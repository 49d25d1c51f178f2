package dev.ccr.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.ClaudeCodeRouter;
import dev.ccr.config.CcrConfig;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.routing.Route;
import org.junit.jupiter.api.Test;

class KeywordRouterTest {

  @Test
  void discoveredRouterSendsKeywordRequestsToItsModelAndPassesTheRest() {
    CcrConfig config = CcrConfig.parse("{Providers: [{name: 'deepseek', api_base_url: 'https://api.deepseek.com/chat/completions',"
        + " models: ['deepseek-chat', 'deepseek-reasoner']}], Router: {default: 'deepseek,deepseek-chat'},"
        + " KeywordRouter: {keyword: 'deploy', route: 'deepseek,deepseek-reasoner'}}");
    try (ClaudeCodeRouter ccr = ClaudeCodeRouter.builder().config(config).build()) {
      Route deploy = ccr.route(MessagesRequest.builder().model("claude-sonnet-4-5")
          .addMessage(Message.user("Please DEPLOY the service")).build());
      Route other = ccr.route(MessagesRequest.builder().model("claude-sonnet-4-5")
          .addMessage(Message.user("explain this")).build());

      assertThat(deploy.target()).isEqualTo("deepseek,deepseek-reasoner");
      assertThat(deploy.scenario()).isEqualTo("keyword");
      assertThat(other.target()).isEqualTo("deepseek,deepseek-chat");
    }
  }
}
