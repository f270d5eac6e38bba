package dev.vertxelastic.platform.auth;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret from its environment variable, or else generated once for this machine into
 * {@code ~/.config/vertx-elastic/<name>} (mode 600) so that every local process shares it.
 * {@code <VARIABLE>_FILE} names another file. Secret values never appear in messages.
 */
public final class LocalSecrets {

  private LocalSecrets() {
  }

  public static String resolve(Env env, String variable, String fileName, int minLength) {
    String configured = env.raw(variable);
    if (configured != null) {
      if (configured.length() < minLength) {
        throw new ConfigException("Invalid configuration: " + variable + " must be at least " + minLength + " characters (value not shown)");
      }
      return configured;
    }
    return readOrCreate(file(env, variable, fileName));
  }

  /** Where the local secret of {@code variable} is kept when the variable itself is unset: {@code <variable>_FILE}, else the shared file. */
  public static Path file(Env env, String variable, String fileName) {
    return Path.of(env.string(variable + "_FILE",
        Path.of(System.getProperty("user.home"), ".config", "vertx-elastic", fileName).toString()));
  }

  private static synchronized String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      byte[] bytes = new byte[36];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: the home directory's permissions protect it.
      }
      Files.writeString(tmp, secret, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException raced) {
        Files.deleteIfExists(tmp);
      }
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the local secret " + file, e);
    }
  }
}
