package dev.vertxelastic.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls a load run makes beside its traffic: routes, instances, metrics, scaling. */
final class StackProbe {

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

  /** A text body, e.g. a Prometheus scrape. */
  String getText(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(), 200);
  }

  private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
