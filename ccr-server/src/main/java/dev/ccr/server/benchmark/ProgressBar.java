package dev.ccr.server.benchmark;

import java.io.PrintWriter;

/** A one-line progress bar redrawn in place with a carriage return; for a terminal only. */
public final class ProgressBar implements Benchmark.Progress {
  private static final int WIDTH = 30;
  private final PrintWriter out;

  public ProgressBar(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void done(int done, int total) {
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    out.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total);
    if (done == total) out.print("\r" + " ".repeat(WIDTH + 4 + 2 * Integer.toString(total).length()) + "\r");
    out.flush();
  }
}
