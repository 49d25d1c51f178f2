package dev.ccr.transformers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Signatures for thinking from providers that sign nothing. */
public final class Signatures {
  /** Every stand-in starts with this, so ccr knows not to send it on to a provider as a real one. */
  public static final String STAND_IN_PREFIX = "ccr.";

  private Signatures() {}

  /**
   * A stand-in signature, so clients that keep only signed thinking keep it; derived from the text,
   * so it is stable.
   */
  public static String standIn(String thinking) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(thinking.getBytes(StandardCharsets.UTF_8));
      return STAND_IN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean isStandIn(String signature) {
    return signature != null && signature.startsWith(STAND_IN_PREFIX);
  }
}
