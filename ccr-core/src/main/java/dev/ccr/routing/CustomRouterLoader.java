package dev.ccr.routing;

import dev.ccr.ConfigException;
import dev.ccr.config.CcrConfig;
import dev.ccr.spi.Router;
import java.lang.reflect.Constructor;
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
    try {
      URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
      Class<?> type = Class.forName(className, true, loader);
      Router router;
      if (Router.Factory.class.isAssignableFrom(type)) {
        router = ((Router.Factory) type.getConstructor().newInstance()).create(config);
      } else if (Router.class.isAssignableFrom(type)) {
        router = (Router) instantiate(type, config);
      } else {
        throw new ConfigException("CUSTOM_ROUTER_PATH: " + className + " implements neither dev.ccr.spi.Router nor Router.Factory");
      }
      return new ScenarioRouter.NamedRouter(type.getSimpleName(), router);
    } catch (ClassNotFoundException e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: no class " + className + " in " + jar);
    } catch (MalformedURLException | ReflectiveOperationException | LinkageError e) {
      throw new ConfigException("CUSTOM_ROUTER_PATH: cannot load " + className + " from " + jar + ": " + e);
    }
  }

  private static Object instantiate(Class<?> type, CcrConfig config) throws ReflectiveOperationException {
    try {
      Constructor<?> c = type.getConstructor(CcrConfig.class);
      return c.newInstance(config);
    } catch (NoSuchMethodException e) {
      return type.getConstructor().newInstance();
    }
  }
}
