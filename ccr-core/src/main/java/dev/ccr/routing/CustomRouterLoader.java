package dev.ccr.routing;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.spi.Router;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads the router named by {@code CUSTOM_ROUTER_PATH}: {@code /path/to/router.jar#com.example.MyRouter}.
 * The class implements {@link Router} (with a no-argument constructor or one taking {@link
 * CcrConfig}) or {@link Router.Factory}. A JavaScript path, as the original takes, is reported:
 * ccr cannot run it.
 */
public final class CustomRouterLoader {
  private CustomRouterLoader() {}

  public static ScenarioRouter.NamedRouter load(String path, CcrConfig config, ClassLoader parent) {
    if (path.endsWith(".js") || path.endsWith(".mjs") || path.endsWith(".cjs")) {
      throw new ConfigException("CUSTOM_ROUTER_PATH " + path + " is a JavaScript router, which ccr cannot run; "
          + "write it as a Java Router and give \"/path/to/router.jar#com.example.MyRouter\"");
    }
    int hash = path.lastIndexOf('#');
    if (hash <= 0 || hash == path.length() - 1) {
      throw new ConfigException("CUSTOM_ROUTER_PATH must be \"/path/to/router.jar#com.example.MyRouter\"; got \"" + path + "\"");
    }
    Path jar = Path.of(path.substring(0, hash));
    String className = path.substring(hash + 1);
    if (!Files.isRegularFile(jar)) throw new ConfigException("CUSTOM_ROUTER_PATH: no jar at " + jar);
    Class<?> type;
    try {
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: no class " + className + " in " + jar);
    } catch (MalformedURLException | LinkageError e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: cannot load " + className + " from " + jar + ": " + e);
    }
    boolean factory = Router.Factory.class.isAssignableFrom(type);
    if (!factory && !Router.class.isAssignableFrom(type)) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + " implements neither dev.ccr.spi.Router nor Router.Factory");
    }
    try {
      Router router = factory ? ((Router.Factory) type.getConstructor().newInstance()).create(config)
          : (Router) instantiate(type, config);
      return new ScenarioRouter.NamedRouter(type.getSimpleName(), router);
    } catch (NoSuchMethodException e) {
      // The reflective message ("a.MyRouter.<init>()") says what was missing, not what would do.
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + " needs a public constructor taking no arguments"
          + (factory ? "" : " or one " + CcrConfig.class.getName()));
    } catch (IllegalAccessException e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + " and its constructor must be public");
    } catch (InvocationTargetException e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + "'s constructor threw " + e.getCause());
    } catch (InstantiationException e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + " is abstract; name a concrete class");
    } catch (RuntimeException | LinkageError e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + (factory ? ".create" : "") + " failed: " + e);
    }
  }

  /** A public constructor taking the config, else a public no-argument one. */
  private static Object instantiate(Class<?> type, CcrConfig config)
      throws NoSuchMethodException, InstantiationException, IllegalAccessException, InvocationTargetException {
    try {
      Constructor<?> c = type.getConstructor(CcrConfig.class);
      return c.newInstance(config);
    } catch (NoSuchMethodException e) {
      return type.getConstructor().newInstance();
    }
  }
}
