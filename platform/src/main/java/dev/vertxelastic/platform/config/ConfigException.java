package dev.vertxelastic.platform.config;

/** A configuration value is missing or malformed; the message is one line naming the variable. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String variable, String value, String expected) {
    super("Invalid configuration: " + variable + "=" + (value == null ? "<unset>" : "'" + value + "'") + " " + expected);
  }

  public ConfigException(String message) {
    super(message);
  }
}
