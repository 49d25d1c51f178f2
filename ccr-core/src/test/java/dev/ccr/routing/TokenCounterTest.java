package dev.ccr.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.model.AnthropicJson;
import dev.ccr.model.ImageBlock;
import dev.ccr.model.ImageSource;
import dev.ccr.model.Message;
import dev.ccr.model.MessagesRequest;
import dev.ccr.testing.Fixtures;
import org.junit.jupiter.api.Test;

class TokenCounterTest {
  final TokenCounter counter = new TokenCounter();

  @Test
  void countsTextWithCl100k() {
    // "hello world" is two cl100k tokens; the original router counts the same way.
    assertThat(counter.text("hello world")).isEqualTo(2);
    MessagesRequest r = MessagesRequest.builder().model("m").system("hello world")
        .addMessage(Message.user("hello world")).build();
    assertThat(counter.count(r)).isEqualTo(4);
  }

  @Test
  void countsSystemMessagesToolsAndToolTraffic() {
    MessagesRequest capture = AnthropicJson.request(Fixtures.claudeCodeBody("tool-read-turn2"));
    MessagesRequest noTools = capture.toBuilder().tools(null).build();
    MessagesRequest noSystem = capture.toBuilder().system((String) null).build();

    int all = counter.count(capture);

    assertThat(all).isGreaterThan(5_000);
    assertThat(counter.count(noTools)).isLessThan(all);
    assertThat(counter.count(noSystem)).isLessThan(all);
    assertThat(counter.count(capture)).as("cached counts agree").isEqualTo(all);
    assertThat(new TokenCounter().count(capture)).as("a fresh counter agrees").isEqualTo(all);
  }

  @Test
  void imagesAreEstimatedNotIgnored() {
    MessagesRequest text = MessagesRequest.builder().model("m").addMessage(Message.user("look")).build();
    MessagesRequest image = text.toBuilder().addMessage(Message.of("user",
        new ImageBlock(ImageSource.base64("image/png", "iVBORw0KGgo="), null))).build();

    assertThat(counter.count(image) - counter.count(text)).isEqualTo(TokenCounter.IMAGE_TOKENS);
  }
}
