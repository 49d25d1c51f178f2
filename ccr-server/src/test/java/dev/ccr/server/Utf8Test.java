package dev.ccr.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccr.testing.Tries;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Utf8Test {
  /** The JDK's strict decoder is the reference. */
  static boolean jdk(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) b[i] = (byte) v[i];
    return b;
  }

  @Test
  void acceptsTextInEveryLengthOfSequence() {
    assertThat(Utf8.isValid("plain, é, €, 𝄞, 日本".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(Utf8.isValid(new byte[0])).isTrue();
    assertThat(Utf8.isValid(bytes(0xf4, 0x8f, 0xbf, 0xbf))).as("U+10FFFF").isTrue();
  }

  @Test
  void refusesWhatTheStandardForbids() {
    assertThat(Utf8.isValid(bytes(0xc0, 0xaf))).as("overlong /").isFalse();
    assertThat(Utf8.isValid(bytes(0xe0, 0x80, 0xaf))).as("overlong three-byte").isFalse();
    assertThat(Utf8.isValid(bytes(0xf0, 0x80, 0x80, 0xaf))).as("overlong four-byte").isFalse();
    assertThat(Utf8.isValid(bytes(0xed, 0xa0, 0x80))).as("a surrogate").isFalse();
    assertThat(Utf8.isValid(bytes(0xf4, 0x90, 0x80, 0x80))).as("past U+10FFFF").isFalse();
    assertThat(Utf8.isValid(bytes(0x80))).as("a lone continuation").isFalse();
    assertThat(Utf8.isValid(bytes('a', 0xe2, 0x82))).as("cut at the end").isFalse();
    assertThat(Utf8.isValid(bytes(0xff))).isFalse();
  }

  @TestFactory
  Stream<DynamicTest> agreesWithTheJdkDecoderOnRandomBytes() {
    return Tries.of("agrees with the JDK", 1000, (Random r) -> {
      byte[] b = new byte[r.nextInt(12)];
      for (int i = 0; i < b.length; i++) {
        // Mostly the bytes that start and continue sequences, where the edge cases are.
        b[i] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(256));
      }
      assertThat(Utf8.isValid(b)).as(java.util.Arrays.toString(b)).isEqualTo(jdk(b));
    });
  }
}
