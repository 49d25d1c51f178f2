package dev.ccr.spi;

import dev.ccr.json.JsonNull;
import dev.ccr.json.JsonObject;
import dev.ccr.json.JsonValue;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads the plug-in jars a config names, the Java form of the original's custom transformer files:
 * each {@code transformers} entry {@code {"path": "/abs/x.jar", "options": {...}}} brings the
 * {@link Transformer.Factory} and {@link Provider.Factory} classes its {@code META-INF/services}
 * lists, or the one class named as {@code /abs/x.jar#com.example.Cls}; every jar in the plugins
 * folder is read like an entry without options. Each problem names its entry; nothing is skipped
 * quietly, because a transformer that is missing changes what reaches a provider.
 */
final class PluginJars {
  /** What the jars brought, and every problem met on the way. */
  record Loaded(List<Transformer.Factory> transformers, List<Provider.Factory> providers, List<String> problems,
      List<URLClassLoader> loaders) {}

  /** One class loader per jar file as it is on disk, so a config reload does not load the same classes again. */
  private static final Map<String, CachedLoader> LOADERS = new ConcurrentHashMap<>();

  private record CachedLoader(long modified, long size, URLClassLoader loader) {}

  private final ClassLoader parent;
  private final Path home;
  private final List<Transformer.Factory> transformers = new ArrayList<>();
  private final List<Provider.Factory> providers = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();

  private PluginJars(ClassLoader parent, Path home) {
    this.parent = parent;
    this.home = home;
  }

  /**
   * Loads {@code entries} (the config's {@code transformers} section, variables filled) and every
   * {@code *.jar} in {@code folder} (none when it is null or missing); relative paths are read from
   * {@code home}.
   */
  static Loaded load(List<JsonObject> entries, Path folder, Path home, ClassLoader parent) {
    PluginJars jars = new PluginJars(parent, home);
    for (int i = 0; i < entries.size(); i++) jars.entry("transformers[" + i + "]", entries.get(i));
    if (folder != null && Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
            .forEach(f -> jars.jar(f.toString(), f, null, JsonNull.INSTANCE));
      } catch (IOException e) {
        jars.problems.add("cannot list the plugins folder " + folder + ": " + e.getMessage());
      }
    }
    return new Loaded(List.copyOf(jars.transformers), List.copyOf(jars.providers), List.copyOf(jars.problems),
        List.copyOf(jars.loaders));
  }

  private void entry(String where, JsonObject entry) {
    String path = entry.getString("path");
    if (path == null || path.isBlank()) {
      problems.add(where + " must have a \"path\" to a plug-in jar");
      return;
    }
    where = where + " (" + path + ")";
    String file = path;
    String className = null;
    int hash = path.lastIndexOf('#');
    if (hash > 0) {
      file = path.substring(0, hash);
      className = path.substring(hash + 1);
    }
    if (file.endsWith(".js") || file.endsWith(".mjs") || file.endsWith(".cjs") || file.endsWith(".ts")) {
      problems.add(where + " is a JavaScript transformer, which ccr cannot run; package it as a Java jar that "
          + "implements dev.ccr.spi.Transformer (see \"Plug-in jars\" in the README)");
      return;
    }
    JsonValue options = entry.get("options") == null ? JsonNull.INSTANCE : entry.get("options");
    jar(where, resolve(file), className, options);
  }

  private Path resolve(String file) {
    if (file.equals("~") || file.startsWith("~/")) {
      String userHome = System.getenv("HOME"); // as the shell would expand it, not the password file's home
      return Path.of((userHome == null || userHome.isBlank() ? System.getProperty("user.home") : userHome)
          + file.substring(1));
    }
    Path p = Path.of(file);
    return p.isAbsolute() ? p : home.resolve(p);
  }

  private void jar(String where, Path file, String className, JsonValue options) {
    if (!Files.isRegularFile(file)) {
      problems.add(where + ": no jar at " + file);
      return;
    }
    URLClassLoader loader;
    try {
      loader = loader(file);
      loaders.add(loader);
    } catch (IOException e) {
      problems.add(where + ": " + file + " is not a readable jar (" + e.getMessage() + ")");
      return;
    }
    int before = transformers.size() + providers.size();
    int problemsBefore = problems.size();
    if (className != null) {
      named(where, loader, className, options);
    } else {
      listed(where, file, loader, Transformer.Factory.class, options);
      listed(where, file, loader, Provider.Factory.class, options);
      if (transformers.size() + providers.size() == before && problems.size() == problemsBefore) {
        problems.add(where + ": the jar lists no dev.ccr.spi.Transformer$Factory or Provider$Factory in "
            + "META-INF/services; list one there, or name the class as " + file + "#com.example.MyTransformer");
      }
    }
  }

  /**
   * The factories the jar's own {@code META-INF/services} file lists. The file is read from the jar
   * itself: a {@link ServiceLoader} on the jar's loader would also walk every file the parent class
   * path has, constructing ccr's own plug-ins again and blaming this entry for a broken one there.
   */
  private void listed(String where, Path file, URLClassLoader loader, Class<?> type, JsonValue options) {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(file.toFile())) {
      java.util.zip.ZipEntry entry = jar.getEntry("META-INF/services/" + type.getName());
      if (entry == null) return;
      try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
          jar.getInputStream(entry), java.nio.charset.StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          int comment = line.indexOf('#');
          String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
          if (!name.isEmpty()) names.add(name);
        }
      }
    } catch (IOException e) {
      problems.add(where + ": cannot read its META-INF/services: " + e.getMessage());
      return;
    }
    for (String name : names) {
      try {
        Class<?> c = Class.forName(name, true, loader);
        if (!type.isAssignableFrom(c)) {
          problems.add(where + ": " + name + ", listed for " + type.getName() + ", does not implement it");
          continue;
        }
        add(c.getConstructor().newInstance(), options);
      } catch (ClassNotFoundException e) {
        problems.add(where + ": " + name + ", listed for " + type.getName() + ", is not in the jar");
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        problems.add(where + ": " + name + " cannot be constructed: " + rootCause(e));
      }
    }
  }

  private void named(String where, URLClassLoader loader, String className, JsonValue options) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      problems.add(where + ": no class " + className + " in the jar");
      return;
    } catch (LinkageError e) {
      problems.add(where + ": " + className + " cannot be loaded: " + rootCause(e));
      return;
    }
    try {
      if (Transformer.Factory.class.isAssignableFrom(type) || Provider.Factory.class.isAssignableFrom(type)) {
        add(type.getConstructor().newInstance(), options);
      } else if (Transformer.class.isAssignableFrom(type)) {
        add(new ClassFactory(type.getSimpleName().toLowerCase(java.util.Locale.ROOT), constructor(type)), options);
      } else {
        problems.add(where + ": " + className + " implements none of dev.ccr.spi.Transformer, Transformer.Factory, "
            + "Provider.Factory");
      }
    } catch (NoSuchMethodException e) {
      problems.add(where + ": " + className + " needs a public constructor taking no arguments"
          + (Transformer.class.isAssignableFrom(type) ? " or one JsonValue (the options)" : ""));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      problems.add(where + ": " + className + " cannot be constructed: " + rootCause(e));
    }
  }

  private static Constructor<?> constructor(Class<?> type) throws NoSuchMethodException {
    try {
      return type.getConstructor(JsonValue.class);
    } catch (NoSuchMethodException e) {
      return type.getConstructor();
    }
  }

  private void add(Object factory, JsonValue options) {
    if (factory instanceof Transformer.Factory t) transformers.add(withDefaults(t, options));
    if (factory instanceof Provider.Factory p) providers.add(p);
  }

  /** The entry's options apply when a use list gives none; a use's own options win key by key. */
  private static Transformer.Factory withDefaults(Transformer.Factory f, JsonValue defaults) {
    if (defaults == null || defaults.isNull()) return f;
    return new Transformer.Factory() {
      @Override
      public String name() {
        return f.name();
      }

      @Override
      public Transformer create(JsonValue options) {
        if (options == null || options.isNull()) return f.create(defaults);
        if (options instanceof JsonObject own && defaults instanceof JsonObject base) {
          Map<String, JsonValue> merged = new LinkedHashMap<>(base.members());
          merged.putAll(own.members());
          return f.create(JsonObject.of(merged));
        }
        return f.create(options);
      }
    };
  }

  /** A {@link Transformer} class named in the path, made for each use with its options. */
  private record ClassFactory(String name, Constructor<?> constructor) implements Transformer.Factory {
    @Override
    public Transformer create(JsonValue options) {
      try {
        return (Transformer) (constructor.getParameterCount() == 1 ? constructor.newInstance(options)
            : constructor.newInstance());
      } catch (ReflectiveOperationException e) {
        throw new dev.ccr.ConfigException("transformer " + name + " cannot be constructed: " + rootCause(e));
      }
    }
  }

  /** True while {@code loader} is the one the cache serves for its jar: not replaced by a newer build of the file. */
  static boolean current(URLClassLoader loader) {
    return LOADERS.values().stream().anyMatch(c -> c.loader() == loader);
  }

  private URLClassLoader loader(Path file) throws IOException {
    try (JarFile check = new JarFile(file.toFile())) {
      check.size(); // opening it is the check: a broken file fails here with a clear message
    }
    long modified = Files.getLastModifiedTime(file).toMillis();
    long size = Files.size(file);
    String key = file.toAbsolutePath().normalize().toString();
    CachedLoader cached = LOADERS.compute(key, (k, old) -> old != null && old.modified() == modified
        && old.size() == size && old.loader().getParent() == parent ? old
        : new CachedLoader(modified, size, new URLClassLoader(new URL[] {url(file)}, parent)));
    return cached.loader();
  }

  private static URL url(Path file) {
    try {
      return file.toUri().toURL();
    } catch (java.net.MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.toString();
  }
}
