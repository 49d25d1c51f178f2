package dev.ccr.transformers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.Tries;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ChatWireTest {
  @Test
  void upstreamIdsKeepTheirSafeCharactersAndLoseTheRest() {
    assertThat(ChatWire.messageId("chatcmpl-AbC_9")).isEqualTo("msg_chatcmpl-AbC_9");
    assertThat(ChatWire.messageId("gen:1/2 x")).isEqualTo("msg_gen_1_2_x");
    assertThat(ChatWire.messageId("a\uD83D\uDE00b")).isEqualTo("msg_a_b"); // one code point, one '_'
    assertThat(ChatWire.messageId("")).startsWith("msg_").hasSize(36);
  }

  @TestFactory
  Stream<DynamicTest> idCharactersAreWhatTheOldPatternGave() {
    String alphabet = "aZ09_-.: /é\u00ff\uD83D\uDE00\uD800\u0000";
    return Tries.of("idChars", 200, (Random r) -> {
      StringBuilder s = new StringBuilder();
      for (int i = r.nextInt(12); i > 0; i--) s.append(alphabet.charAt(r.nextInt(alphabet.length())));
      assertThat(ChatWire.idChars(s.toString())).isEqualTo(s.toString().replaceAll("[^A-Za-z0-9_-]", "_"));
    });
  }
}
