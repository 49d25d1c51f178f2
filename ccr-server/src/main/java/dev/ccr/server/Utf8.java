package dev.ccr.server;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF, no cut sequence), checked in place. A JDK decoder needs a char buffer per call, which
 * was a fifth of all the memory a small request allocated.
 */
final class Utf8 {
  private Utf8() {}

  static boolean isValid(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i];
      if (c >= 0) { // ASCII, the common case
        i++;
        continue;
      }
      c &= 0xff;
      if (c < 0xc2) return false; // a continuation byte first, or an overlong two-byte form
      if (c < 0xe0) {
        if (i + 1 >= n || !continuation(b[i + 1])) return false;
        i += 2;
      } else if (c < 0xf0) {
        if (i + 2 >= n) return false;
        int c1 = b[i + 1] & 0xff;
        if (c == 0xe0 && c1 < 0xa0) return false; // overlong
        if (c == 0xed && c1 > 0x9f) return false; // a surrogate
        if (!continuation(b[i + 1]) || !continuation(b[i + 2])) return false;
        i += 3;
      } else if (c < 0xf5) {
        if (i + 3 >= n) return false;
        int c1 = b[i + 1] & 0xff;
        if (c == 0xf0 && c1 < 0x90) return false; // overlong
        if (c == 0xf4 && c1 > 0x8f) return false; // past U+10FFFF
        if (!continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) return false;
        i += 4;
      } else {
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte b) {
    return (b & 0xc0) == 0x80;
  }
}
