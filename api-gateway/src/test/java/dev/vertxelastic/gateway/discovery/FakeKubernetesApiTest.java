package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.testing.OnOneContext;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.JsonParser;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.vertxelastic.gateway.discovery.FakeKubernetesApi.SERVICES;
import static dev.vertxelastic.gateway.discovery.Objects.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fake API server behaves like the real one where the gateway depends on it. */
@ExtendWith(VertxExtension.class)
class FakeKubernetesApiTest {

  static final String PATH = "/api/v1/namespaces/test/services?labelSelector=service-type%3Dhttp-endpoint";

  Vertx vertx;
  FakeKubernetesApi api;
  HttpClient client;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    api = Await.result(FakeKubernetesApi.start(vertx, "test", "good"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    Await.result(api.close());
  }

  /** The status and body of a GET, the whole exchange on one event loop (from the test thread a body could be missed). */
  io.vertx.core.Future<JsonObject> send(String uri, String token) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(Integer.parseInt(api.url().split(":")[2]))
        .setHost("127.0.0.1").setURI(uri).putHeader("Authorization", "Bearer " + token);
    return OnOneContext.of(vertx).call(() -> client.request(options).compose(r -> r.send()
        .compose(response -> response.body().map(body -> new JsonObject()
            .put("httpStatus", response.statusCode()).put("body", body.toString())))));
  }

  /**
   * Opens a watch and parses its events. The parser is attached on the event loop as the response
   * arrives (not from the test thread afterwards, when the first events could already be gone).
   */
  io.vertx.core.Future<JsonParser> watch(String uri, List<JsonObject> events) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setPort(Integer.parseInt(api.url().split(":")[2]))
        .setHost("127.0.0.1").setURI(uri).putHeader("Authorization", "Bearer good");
    return OnOneContext.of(vertx).call(() -> client.request(options).compose(r -> r.send()
        .map(response -> JsonParser.newParser(response).objectValueMode().handler(e -> events.add(e.objectValue())))));
  }

  JsonObject getJson(String uri, String token) {
    JsonObject response = Await.result(send(uri, token));
    return new JsonObject(response.getString("body")).put("httpStatus", response.getInteger("httpStatus"));
  }

  @Test
  void aWrongTokenIsUnauthorizedAndARotatedOneIsAccepted() {
    assertEquals(401, getJson(PATH, "bad").getInteger("httpStatus"));
    api.rotateToken("next");
    assertEquals(401, getJson(PATH, "good").getInteger("httpStatus"));
    assertEquals(200, getJson(PATH, "next").getInteger("httpStatus"));
  }

  @Test
  void listsFilterByLabelAndCarryTheCurrentVersion() {
    api.apply(SERVICES, service("a", 80, "a"));
    JsonObject other = service("b", 80, "b");
    other.getJsonObject("metadata").getJsonObject("labels").put("service-type", "other");
    api.apply(SERVICES, other);

    JsonObject list = getJson(PATH, "good");

    assertEquals(1, list.getJsonArray("items").size());
    assertEquals(String.valueOf(api.version()), list.getJsonObject("metadata").getString("resourceVersion"));
  }

  @Test
  void aWatchStreamsEventsWithIncreasingVersionsBookmarksAndAnErrorGone() {
    String from = String.valueOf(api.version());
    api.apply(SERVICES, service("a", 80, "a"));
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    Await.result(watch(PATH + "&watch=true&allowWatchBookmarks=true&resourceVersion=" + from, events));
    Await.until("the first event", () -> events.size() == 1, events::toString);
    api.apply(SERVICES, service("a", 81, "a"));
    api.delete(SERVICES, "a");
    api.bookmark();
    api.expireWatches();

    Await.until("five events", () -> events.size() == 5, events::toString);
    assertEquals(List.of("ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"), events.stream().map(e -> e.getString("type")).toList());
    long previous = 0;
    for (JsonObject e : events.subList(0, 4)) {
      long version = Long.parseLong(e.getJsonObject("object").getJsonObject("metadata").getString("resourceVersion"));
      assertTrue(version >= previous, events.toString());
      previous = version;
    }
    assertEquals(410, events.get(4).getJsonObject("object").getInteger("code"));
  }

  @Test
  void aCompactedVersionIsGoneForListsAndWatches() {
    String old = String.valueOf(api.version());
    api.apply(SERVICES, service("a", 80, "a"));
    api.compact();

    assertEquals(410, getJson(PATH + "&resourceVersion=" + old, "good").getInteger("httpStatus"));
    String watched = Await.result(send(PATH + "&watch=true&resourceVersion=" + old, "good")).getString("body");
    assertEquals(410, new JsonObject(watched.trim()).getJsonObject("object").getInteger("code"));
  }
}
