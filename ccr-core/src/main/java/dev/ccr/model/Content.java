package dev.ccr.model;

import java.util.List;
import java.util.Objects;

/** Message, system or tool-result content: a plain string or a list of blocks, as sent. */
public sealed interface Content permits Content.Text, Content.Blocks {

  static Content of(String text) {
    return new Text(text);
  }

  static Content of(List<? extends ContentBlock> blocks) {
    return new Blocks(List.copyOf(blocks));
  }

  static Content of(ContentBlock... blocks) {
    return new Blocks(List.of(blocks));
  }

  /** The content as blocks; a plain string becomes one text block. */
  List<ContentBlock> blocks();

  /** The text of every text block, joined with no separator. */
  default String text() {
    StringBuilder sb = new StringBuilder();
    for (ContentBlock b : blocks()) {
      if (b instanceof TextBlock t) sb.append(t.text());
    }
    return sb.toString();
  }

  /** String content, written back as a JSON string. */
  record Text(String value) implements Content {
    public Text {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public List<ContentBlock> blocks() {
      return List.of(TextBlock.of(value));
    }

    @Override
    public String text() {
      return value;
    }
  }

  /** Block content, written back as a JSON array. */
  record Blocks(List<ContentBlock> blocks) implements Content {
    public Blocks {
      blocks = List.copyOf(blocks);
    }
  }
}
