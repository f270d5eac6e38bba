package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP calls a load run makes beside its traffic: routes, instances, metrics, scaling. */
final class StackProbe {

  private static final Pattern REQUESTS = Pattern.compile("^vertx_http_server_requests_total\\{([^}]*)} ([0-9.eE+]+)$");
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private final ObjectMapper json = new ObjectMapper();

  JsonNode getJson(String url) throws IOException, InterruptedException {
    return json.readTree(send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(), 200));
  }

  JsonNode post(String url) throws IOException, InterruptedException {
    return post(url, 201);
  }

  JsonNode post(String url, int expected) throws IOException, InterruptedException {
    String body = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), expected);
    return body.isEmpty() ? json.createObjectNode() : json.readTree(body);
  }

  /** Scaling down waits for the instance's drain: allow the drain deadline. */
  JsonNode delete(String url) throws IOException, InterruptedException {
    return json.readTree(send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(4)).DELETE().build(), 200));
  }

  /** Served API requests of one instance (health, metrics and admin calls left out). */
  long apiRequests(String instanceUrl) throws IOException, InterruptedException {
    String text = send(HttpRequest.newBuilder(URI.create(instanceUrl + "/metrics")).timeout(Duration.ofSeconds(5)).GET().build(), 200);
    long total = 0;
    for (String line : text.split("\n")) {
      Matcher m = REQUESTS.matcher(line);
      if (m.matches() && m.group(1).contains("route=\"/api") || m.matches() && m.group(1).contains("route=\"/ws")) {
        total += (long) Double.parseDouble(m.group(2));
      }
    }
    return total;
  }

  /** Ready endpoints per route, from the gateway's {@code /admin/routes}. */
  Map<String, Integer> readyEndpoints(String managementUrl) throws IOException, InterruptedException {
    Map<String, Integer> ready = new LinkedHashMap<>();
    for (JsonNode route : getJson(managementUrl + "/admin/routes").path("routes")) {
      int n = 0;
      for (JsonNode e : route.path("endpoints")) {
        n += e.path("ready").asBoolean() ? 1 : 0;
      }
      ready.put(route.path("route").asText(), n);
    }
    return ready;
  }

  private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
