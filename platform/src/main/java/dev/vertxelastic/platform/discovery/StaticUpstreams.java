package dev.vertxelastic.platform.discovery;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.types.HttpEndpoint;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses {@code GATEWAY_UPSTREAMS}: {@code segment=url[|url...][,segment=...]}, where a url may be
 * prefixed with its instance id ({@code game-2@http://127.0.0.1:8083}) so that sticky game traffic
 * can find it. Segments that point at the same URLs belong to one service, named after them.
 */
final class StaticUpstreams {

  static final String VARIABLE = "GATEWAY_UPSTREAMS";
  static final String DEFAULT = "courses=http://127.0.0.1:8081,learners=http://127.0.0.1:8081,games=http://127.0.0.1:8082";
  private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private StaticUpstreams() {
  }

  static List<Record> parse(Env env) {
    return parse(env.string(VARIABLE, DEFAULT));
  }

  static List<Record> parse(String spec) {
    Map<String, TreeSet<String>> urlsBySegment = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String[] kv = entry.trim().split("=", 2);
      if (kv.length != 2 || !SEGMENT.matcher(kv[0].trim()).matches() || kv[1].isBlank()) {
        throw new ConfigException(VARIABLE, spec, "must look like courses=http://127.0.0.1:8081,games=http://127.0.0.1:8082|http://127.0.0.1:8083");
      }
      TreeSet<String> urls = new TreeSet<>();
      for (String url : kv[1].split("\\|")) {
        urls.add(url.trim());
      }
      if (urlsBySegment.put(kv[0].trim(), urls) != null) {
        throw new ConfigException(VARIABLE, spec, "names the segment '" + kv[0].trim() + "' twice");
      }
    }
    // Segments with the same URL set are one service.
    Map<TreeSet<String>, List<String>> segmentsByUrls = new LinkedHashMap<>();
    urlsBySegment.forEach((segment, urls) -> segmentsByUrls.computeIfAbsent(urls, u -> new ArrayList<>()).add(segment));
    List<Record> records = new ArrayList<>();
    segmentsByUrls.forEach((urls, segments) -> {
      String service = String.join("+", segments);
      for (String url : urls) {
        records.add(record(spec, service, segments, url));
      }
    });
    return records;
  }

  private static Record record(String spec, String service, List<String> segments, String url) {
    String instance = null;
    int at = url.indexOf('@');
    if (at > 0 && !url.substring(0, at).contains("/")) {
      instance = url.substring(0, at);
      url = url.substring(at + 1);
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(VARIABLE, spec, "has an invalid URL '" + url + "'");
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
      throw new ConfigException(VARIABLE, spec, "has '" + url + "', expected http://host:port");
    }
    JsonObject metadata = new JsonObject()
        .put(DiscoveryRegistry.ROUTES, new JsonArray(segments))
        .put(DiscoveryRegistry.INSTANCE, instance != null ? instance : Endpoint.unnamed(uri.getHost(), uri.getPort()))
        .put(DiscoveryRegistry.READY, true)
        .put(DiscoveryRegistry.SERVING, true);
    return HttpEndpoint.createRecord(service, uri.getHost(), uri.getPort(), "/", metadata);
  }
}
