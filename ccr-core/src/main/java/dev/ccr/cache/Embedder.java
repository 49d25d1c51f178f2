package dev.ccr.cache;

import java.io.IOException;

/** Turns a text into a vector, for the semantic cache; throws when it cannot (the request then goes on uncached). */
@FunctionalInterface
interface Embedder {
  float[] embed(String text) throws IOException;
}
