package dev.vertxelastic.gateway.auth;

import dev.vertxelastic.platform.auth.LocalSecrets;
import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import io.vertx.ext.auth.hashing.HashString;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The instructors who may sign in, each with a PBKDF2 password hash of their own. From
 * {@code INSTRUCTOR_ACCOUNTS_FILE} (a mounted Secret: lines {@code name:$pbkdf2$it=...$salt$hash},
 * {@code #} comments), else one account {@code INSTRUCTOR_NAME} (grace) for {@code INSTRUCTOR_PASSWORD}
 * or the locally generated password (the local default), else none (sign-in off). Checks (and
 * the local password's hashing, at the first check) belong on worker threads: PBKDF2 is slow on purpose.
 */
final class InstructorAccounts {

  private static final Logger LOG = Logger.getLogger(InstructorAccounts.class.getName());
  static final String ALGORITHM = "pbkdf2";
  /** OWASP's count for PBKDF2-HMAC-SHA512 (vertx-auth's PBKDF2). */
  static final int ITERATIONS = 210_000;
  private static final HashingStrategy HASHING = HashingStrategy.load();
  // Checked for an unknown name, so that a wrong name costs as long as a wrong password (the hash of a
  // random password nobody kept: precomputed, so that a start costs no extra hashing).
  private static final String DECOY = "$pbkdf2$it=210000$ZuEYDMbG+XaVacITjxyZ92ihDQUJSV6vxuNu3RDi2Js$"
      + "F9stsCphh89vjd7U0tHCpBF4N4JeGn83xxyjljs68sVAtK17ai3oFwP7gmp18+W0QOHKxX7xhHIGkF+frb5qiA";

  private final Map<InstructorName, String> hashes;
  // The local account's password, hashed at its first check (on a worker) rather than at start.
  private final OnePassword unhashed;
  private String unhashedHash;

  private InstructorAccounts(Map<InstructorName, String> hashes, OnePassword unhashed) {
    this.hashes = Map.copyOf(hashes);
    this.unhashed = unhashed;
  }

  /** Where the accounts come from, read from the environment when the gateway is built (no hashing yet). */
  sealed interface Source permits FromFile, OnePassword, Off {
  }

  record FromFile(Map<InstructorName, String> hashes) implements Source {
  }

  record OnePassword(InstructorName name, String password) implements Source {
    @Override
    public String toString() {
      return "OnePassword[name=" + name.value() + "]";
    }
  }

  record Off() implements Source {
  }

  static Source source(Env env) {
    String file = env.raw("INSTRUCTOR_ACCOUNTS_FILE");
    if (file != null && !file.isBlank()) {
      return new FromFile(read(Path.of(file.trim())));
    }
    String rawName = env.string("INSTRUCTOR_NAME", "grace");
    InstructorName name = InstructorName.of(rawName).orElseThrow(() -> new ConfigException("INSTRUCTOR_NAME", rawName,
        "must be 1-" + InstructorName.MAX_LENGTH + " letters a-z, digits, spaces, '.', '_' or '-'"));
    try {
      return new OnePassword(name, LocalSecrets.resolve(env, "INSTRUCTOR_PASSWORD", "instructor-password", 12));
    } catch (UncheckedIOException e) {
      LOG.warning("instructor sign-in is off: set INSTRUCTOR_ACCOUNTS_FILE or INSTRUCTOR_PASSWORD (" + e.getMessage() + ")");
      return new Off();
    }
  }

  /** The accounts of {@code source}. */
  static InstructorAccounts of(Source source) {
    if (source instanceof FromFile file) {
      return new InstructorAccounts(file.hashes(), null);
    }
    return new InstructorAccounts(Map.of(), source instanceof OnePassword one ? one : null);
  }

  boolean enabled() {
    return !hashes.isEmpty() || unhashed != null;
  }

  /** Whether {@code password} is {@code name}'s; blocking (run it on a worker). */
  boolean matches(InstructorName name, String password) {
    String hash = unhashed != null && unhashed.name().equals(name) ? unhashedHash() : hashes.get(name);
    boolean matched = HASHING.verify(hash == null ? DECOY : hash, password);
    return hash != null && matched;
  }

  private synchronized String unhashedHash() {
    if (unhashedHash == null) {
      unhashedHash = hash(unhashed.password());
    }
    return unhashedHash;
  }

  /** A PBKDF2 hash of {@code password} with a fresh salt, as the accounts file holds it. */
  static String hash(String password) {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    return HASHING.hash(ALGORITHM, Map.of("it", Integer.toString(ITERATIONS)), Base64.getEncoder().withoutPadding().encodeToString(salt),
        password);
  }

  private static Map<InstructorName, String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Invalid configuration: INSTRUCTOR_ACCOUNTS_FILE " + file + " cannot be read (" + e + ")");
    }
    Map<InstructorName, String> hashes = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      InstructorName name = colon < 0 ? null : InstructorName.of(line.substring(0, colon)).orElse(null);
      String hash = colon < 0 ? "" : line.substring(colon + 1).strip();
      String where = "Invalid configuration: INSTRUCTOR_ACCOUNTS_FILE " + file + " line " + (i + 1);
      if (name == null || !wellFormed(hash)) {
        throw new ConfigException(where + " is not 'name:$pbkdf2$...' with a name of letters a-z, digits and '-' (value not shown)");
      }
      if (hashes.put(name, hash) != null) {
        throw new ConfigException(where + " repeats the instructor '" + name.value() + "'");
      }
    }
    if (hashes.isEmpty()) {
      throw new ConfigException("Invalid configuration: INSTRUCTOR_ACCOUNTS_FILE " + file + " has no account");
    }
    return hashes;
  }

  private static boolean wellFormed(String hash) {
    try {
      HashString parsed = new HashString(hash);
      return ALGORITHM.equals(parsed.id()) && parsed.salt() != null && parsed.hash() != null
          && Integer.parseInt(parsed.param("it")) > 0;
    } catch (RuntimeException malformed) {
      return false;
    }
  }

  /** Prints an accounts-file line for the name given and the password read from standard input. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1 || InstructorName.of(args[0]).isEmpty()) {
      System.err.println("usage: InstructorAccounts <name>  (the password on standard input)");
      System.exit(2);
      return;
    }
    char[] typed = System.console() != null ? System.console().readPassword("password: ") : null;
    String password = typed != null ? new String(typed)
        : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    if (password.length() < 12) {
      System.err.println("the password must be at least 12 characters");
      System.exit(2);
      return;
    }
    System.out.println(InstructorName.of(args[0]).get().value() + ":" + hash(password));
  }
}
