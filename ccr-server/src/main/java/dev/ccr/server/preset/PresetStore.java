package dev.ccr.server.preset;

import dev.ccr.ConfigException;
import dev.ccr.internal.VarReferences;
import dev.ccr.json.Json;
import dev.ccr.json.Json5;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonString;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where presets live: {@code <home>/presets/<name>/manifest.json}, the original's layout, a folder
 * that holds no secret and may be shared; and the values given at install, in
 * {@code <home>/preset-inputs/<name>.json}, readable by the owner only, outside the shared folder.
 */
public final class PresetStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path home;

  public PresetStore(Path home) {
    this.home = home;
  }

  public Path folder() {
    return home.resolve("presets");
  }

  public Path folder(String name) {
    return folder().resolve(name);
  }

  public Path manifest(String name) {
    return folder(name).resolve("manifest.json");
  }

  public Path inputsFile(String name) {
    return home.resolve("preset-inputs").resolve(name + ".json");
  }

  /** Why {@code name} cannot name a preset (it must also be a safe folder name), or null when it can. */
  public static String nameProblem(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      return "a preset name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got \""
          + name + "\"";
    }
    return null;
  }

  /** The installed presets' names (folders that hold a manifest.json), sorted. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(folder())) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.json")))
          .map(d -> d.getFileName().toString())
          .filter(n -> nameProblem(n) == null)
          .sorted(Comparator.naturalOrder())
          .forEach(names::add);
    } catch (IOException e) {
      // no presets folder: none installed
    }
    return names;
  }

  public boolean installed(String name) {
    return nameProblem(name) == null && Files.isRegularFile(manifest(name));
  }

  /** The installed preset {@code name}; empty when there is none, a {@link ConfigException} when its manifest is broken. */
  public Optional<Preset> find(String name) {
    if (!installed(name)) return Optional.empty();
    return Optional.of(new Preset(name, readObject(manifest(name))));
  }

  /** Reads a file holding one JSON5 object (a manifest, as the original reads it; a config; an inputs file). */
  public static JsonObject readObject(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException("no file at " + file);
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
    JsonValue tree;
    try {
      tree = Json5.parse(text, file.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    if (!(tree instanceof JsonObject o)) throw new ConfigException(file + ": must hold a JSON object");
    return o;
  }

  /** Writes the preset's manifest, creating the folders on the way (the original's 2.0.0 fails here with ENOENT). */
  public void write(Preset preset) throws IOException {
    Files.createDirectories(folder(preset.name()));
    atomicWrite(manifest(preset.name()), Json.writePretty(preset.manifest()), false);
  }

  /** Removes the preset's folder and its inputs; false when there was none. */
  public boolean delete(String name) throws IOException {
    if (nameProblem(name) != null) return false;
    Path dir = folder(name);
    boolean existed = Files.isDirectory(dir);
    if (existed) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
      }
    }
    return Files.deleteIfExists(inputsFile(name)) || existed;
  }

  /** The values given at install for {@code name}; empty when none were kept. */
  public Map<String, String> inputs(String name) {
    Path file = inputsFile(name);
    if (!Files.isRegularFile(file)) return Map.of();
    JsonObject o = readObject(file);
    Map<String, String> out = new LinkedHashMap<>();
    o.members().forEach((k, v) -> {
      if (v instanceof JsonString s) out.put(k, s.value());
    });
    return out;
  }

  /** Keeps the values given at install, readable by the owner only; none removes the file. */
  public void writeInputs(String name, Map<String, String> values) throws IOException {
    Path file = inputsFile(name);
    if (values.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      ownerOnly(dir, "rwx------");
    }
    JsonObject.Builder b = JsonObject.builder();
    new TreeMap<>(values).forEach(b::put);
    atomicWrite(file, Json.writePretty(b.build()), true);
  }

  /**
   * The variables a preset's config is read with: {@code values} first (one given as {@code $VAR}
   * stays a reference, looked up in {@code env}), then, for an input the schema {@code declared}
   * only, {@code env}. Nothing else of the environment.
   */
  public static Function<String, String> environment(Map<String, String> values, Set<String> declared,
      Function<String, String> env) {
    return name -> {
      String v = values.get(name);
      if (v == null) return declared.contains(name) ? env.apply(name) : null;
      String variable = VarReferences.whole(v);
      return variable != null ? env.apply(variable) : v;
    };
  }

  /**
   * What the preset's files hold: a digest of its manifest and of its inputs (-1 for one that is not
   * there). Content, not modification time, so a same-size edit within the file system's time
   * resolution is seen too; the files are small.
   */
  public List<Long> stamp(String name) {
    List<Long> out = new ArrayList<>();
    for (Path p : List.of(manifest(name), inputsFile(name))) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
        out.add(ByteBuffer.wrap(digest).getLong());
      } catch (IOException e) {
        out.add(-1L);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }
    return out;
  }

  /** Writes a file only its owner can read (a preset exported elsewhere may carry secrets). */
  public static void writeOwnerOnly(Path file, String text) throws IOException {
    atomicWrite(file, text, true);
  }

  /** Writes beside the file and moves it in place, so a reader never sees half a file; {@code secret} files are 0600 from the start. */
  private static void atomicWrite(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
          secret ? "rw-------" : "rw-r--r--")));
    } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
      if (!Files.exists(tmp)) Files.createFile(tmp);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void ownerOnly(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the user's folder permissions apply
    }
  }
}
