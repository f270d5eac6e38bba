package dev.vertxelastic.platform.tracing;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a process traces, from the standard OpenTelemetry variables: W3C trace context is always
 * propagated; spans are exported over OTLP http/protobuf only when an endpoint is configured.
 *
 * @param tracesEndpoint where to POST spans ({@code .../v1/traces}), or null: no export
 * @param headers        extra headers of every export request (e.g. an API key)
 * @param sampleRatio    the share of new traces (no sampled parent) that are recorded, 0 to 1
 */
public record TracingSettings(URI tracesEndpoint, Map<String, String> headers, double sampleRatio) {

  static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
  static final String TRACES_ENDPOINT = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
  static final String HEADERS = "OTEL_EXPORTER_OTLP_HEADERS";
  static final String TRACES_HEADERS = "OTEL_EXPORTER_OTLP_TRACES_HEADERS";
  static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";
  static final String TRACES_PROTOCOL = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
  static final String SAMPLER_ARG = "OTEL_TRACES_SAMPLER_ARG";

  public TracingSettings {
    headers = Map.copyOf(headers);
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("sample ratio must be from 0 to 1: " + sampleRatio);
    }
  }

  /** Propagation only, nothing exported. */
  public static TracingSettings propagateOnly() {
    return new TracingSettings(null, Map.of(), 1.0);
  }

  /** Export to {@code tracesEndpoint} (the full URL, {@code .../v1/traces}), everything sampled. */
  public static TracingSettings exportTo(URI tracesEndpoint) {
    return new TracingSettings(tracesEndpoint, Map.of(), 1.0);
  }

  public boolean exporting() {
    return tracesEndpoint != null;
  }

  /** Reads the variables, failing with one line naming a malformed one (header values, which may be secrets, are never printed). */
  public static TracingSettings fromEnv(Env env) {
    protocol(env, TRACES_PROTOCOL);
    protocol(env, PROTOCOL);
    URI endpoint = null;
    if (env.raw(TRACES_ENDPOINT) != null) {
      endpoint = url(env, TRACES_ENDPOINT);
    } else if (env.raw(ENDPOINT) != null) {
      URI base = url(env, ENDPOINT);
      String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
      endpoint = base.resolve(path + "/v1/traces");
    }
    Map<String, String> headers = new LinkedHashMap<>(headers(env, HEADERS));
    headers.putAll(headers(env, TRACES_HEADERS));
    double ratio = ratio(env);
    return new TracingSettings(endpoint, headers, ratio);
  }

  private static void protocol(Env env, String name) {
    String v = env.raw(name);
    if (v != null && !v.equals("http/protobuf")) {
      throw new ConfigException(name, v, "must be http/protobuf (the only OTLP protocol this build exports with)");
    }
  }

  private static URI url(Env env, String name) {
    String v = env.raw(name);
    try {
      URI uri = new URI(v);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new ConfigException(name, v, "must be an http(s) URL such as http://localhost:4318");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(name, v, "must be an http(s) URL such as http://localhost:4318");
    }
  }

  /** {@code key=value,key2=value2}, values percent-encoded (the OTLP exporter convention). */
  private static Map<String, String> headers(Env env, String name) {
    String v = env.raw(name);
    Map<String, String> headers = new LinkedHashMap<>();
    if (v == null) {
      return headers;
    }
    for (String pair : v.split(",")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? "" : pair.substring(0, eq).trim();
      if (!key.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw new ConfigException("Invalid configuration: " + name + " must be a list of key=value pairs separated by commas");
      }
      try {
        headers.put(key, URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("Invalid configuration: " + name + " has a value that is not valid percent-encoding");
      }
    }
    return headers;
  }

  private static double ratio(Env env) {
    String v = env.raw(SAMPLER_ARG);
    if (v == null) {
      return 1.0;
    }
    try {
      double ratio = Double.parseDouble(v);
      if (ratio >= 0 && ratio <= 1) {
        return ratio;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(SAMPLER_ARG, v, "must be a sampling ratio from 0 to 1");
  }
}
