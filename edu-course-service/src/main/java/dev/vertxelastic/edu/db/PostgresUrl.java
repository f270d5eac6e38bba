package dev.vertxelastic.edu.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code postgresql://[user[:password]@]host[:port]/database[?search_path=schema&sslmode=mode]} URL
 * (also {@code postgres://}), taken apart. Messages of its failures never contain the password.
 */
record PostgresUrl(String host, int port, String database, String user, String password, String schema, String sslMode) {

  static final int DEFAULT_PORT = 5432;
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /** True when {@code url} uses one of the PostgreSQL schemes. */
  static boolean matches(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
  }

  /** Parses {@code url}; {@code user} and {@code password} are null when the URL has none. */
  static PostgresUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + ")");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("must name a host, e.g. postgresql://db:5432/edu");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isBlank() || database.contains("/")) {
      throw new IllegalArgumentException("must name one database, e.g. postgresql://db:5432/edu");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    String schema = null;
    String sslMode = null;
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        String key = kv[0].toLowerCase(Locale.ROOT);
        String value = kv.length > 1 ? decode(kv[1]) : "";
        switch (key) {
          case "search_path" -> schema = value;
          case "sslmode" -> sslMode = value;
          default -> throw new IllegalArgumentException("has the unsupported parameter '" + kv[0]
              + "' (supported: search_path, sslmode)");
        }
      }
    }
    if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException("search_path must be one lower-case schema name");
    }
    if (sslMode != null && !SSL_MODES.contains(sslMode)) {
      throw new IllegalArgumentException("sslmode must be one of " + String.join(", ", SSL_MODES.stream().sorted().toList()));
    }
    int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    return new PostgresUrl(host, port, database, user, password, schema, sslMode);
  }

  private static String decode(String raw) {
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  /** The JDBC URL of the same database for Flyway (which speaks JDBC only); credentials go separately. */
  String jdbcUrl(int connectTimeoutSeconds) {
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host.contains(":") ? "[" + host + "]" : host)
        .append(':').append(port).append('/').append(database)
        .append("?connectTimeout=").append(connectTimeoutSeconds);
    if (sslMode != null) {
      jdbc.append("&sslmode=").append(sslMode);
    }
    return jdbc.toString();
  }

  @Override
  public String toString() {
    return "PostgresUrl[host=" + host + ", port=" + port + ", database=" + database + ", user=" + user
        + ", schema=" + schema + ", sslMode=" + sslMode + "]";
  }
}
