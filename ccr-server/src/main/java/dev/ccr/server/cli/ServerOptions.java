package dev.ccr.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where a server reads its config and listens: {@code start}'s and {@code restart}'s options. */
final class ServerOptions {
  @Mixin ConfigOption config = new ConfigOption();

  @Option(names = "--host", paramLabel = "HOST", description = "Listen on HOST instead of the config's HOST.")
  String host;

  @Option(names = "--port", paramLabel = "PORT", converter = PortNumber.class,
      description = "Listen on PORT (0 to 65535; 0 picks a free one) instead of the config's PORT.")
  Integer port;

  static ServerOptions of(Path config, String host, Integer port) {
    ServerOptions o = new ServerOptions();
    o.config.file = config;
    o.host = host;
    o.port = port;
    return o;
  }

  /** The same options as arguments, for a server started in another process. */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    if (config.file != null) args.addAll(List.of("--config", config.file.toAbsolutePath().toString()));
    if (host != null) args.addAll(List.of("--host", host));
    if (port != null) args.addAll(List.of("--port", port.toString()));
    return args;
  }

  static final class PortNumber implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int port = Integer.parseInt(value.trim());
        if (port >= 0 && port <= 65_535) return port;
      } catch (NumberFormatException e) {
        // said below
      }
      throw new TypeConversionException("'" + value + "' is not a port number (0 to 65535)");
    }
  }
}
