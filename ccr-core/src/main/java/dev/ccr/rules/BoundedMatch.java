package dev.ccr.rules;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Regular expression search that cannot hang a request: the text is cut to {@link #MAX_INPUT}
 * characters, and a search that reads the text more than {@link #MAX_STEPS} times (catastrophic
 * backtracking, as {@code (a+)+b} does) is stopped and counts as no match.
 */
final class BoundedMatch {
  private static final Logger log = LoggerFactory.getLogger(BoundedMatch.class);
  static final int MAX_INPUT = 10_000;
  static final long MAX_STEPS = 1_000_000;

  private BoundedMatch() {}

  static boolean find(Pattern pattern, String text) {
    String input = text.length() > MAX_INPUT ? text.substring(0, MAX_INPUT) : text;
    try {
      return pattern.matcher(new Counted(input)).find();
    } catch (TooManySteps e) {
      log.warn("routing rule: /{}/ took more than {} steps on {} characters and counts as no match; "
          + "simplify the pattern", pattern.pattern(), MAX_STEPS, input.length());
      return false;
    }
  }

  private static final class TooManySteps extends RuntimeException {
    TooManySteps() {
      super(null, null, false, false);
    }
  }

  /** The text, counting every character the matcher reads. */
  private static final class Counted implements CharSequence {
    private final String text;
    private final long[] steps;

    Counted(String text) {
      this(text, new long[1]);
    }

    private Counted(String text, long[] steps) {
      this.text = text;
      this.steps = steps;
    }

    @Override
    public char charAt(int index) {
      if (++steps[0] > MAX_STEPS) throw new TooManySteps();
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Counted(text.substring(start, end), steps);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
