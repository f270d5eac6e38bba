package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import dev.vertxelastic.platform.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, finding 12: the bridge's importer trusts any server certificate, so the
 * service-account token must never reach it.
 */
@ExtendWith(VertxExtension.class)
class BridgeWitnessTest {

  static final String TOKEN = "service-account-token-that-must-stay-home";

  @Test
  void anHttpsApiServerIsNeverContactedByTheBridge(Vertx vertx, @TempDir Path dir) throws IOException {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    AtomicInteger connections = new AtomicInteger();
    HttpServer impostor = Await.result(vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(certificate.keyCertOptions()))
        .connectionHandler(c -> connections.incrementAndGet())
        .requestHandler(r -> r.response().end("{}"))
        .listen(0));
    KubernetesSettings settings = new KubernetesSettings(URI.create("https://127.0.0.1:" + impostor.actualPort()),
        "default", token(dir), null);
    BridgeWitness witness = new BridgeWitness(vertx, settings, Set::of);

    Await.result(witness.start());

    assertEquals(0, connections.get(), "the bridge connected to the unverified server");
    assertTrue(witness.health().getString("role").startsWith("off"), witness.health().encode());
    witness.close();
    Await.result(impostor.close());
  }

  @Test
  void inAPodTheBridgeGetsAPlaceholderNeverTheToken(Vertx vertx, @TempDir Path dir) throws IOException {
    List<String> authorizations = new CopyOnWriteArrayList<>();
    HttpServer api = Await.result(vertx.createHttpServer()
        .requestHandler(r -> {
          authorizations.add(String.valueOf(r.getHeader("Authorization")));
          r.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("kind", "ServiceList").put("items", List.of())
                  .put("metadata", new JsonObject().put("resourceVersion", "1")).encode());
        })
        .listen(0));
    KubernetesSettings settings = new KubernetesSettings(URI.create("http://127.0.0.1:" + api.actualPort()),
        "default", token(dir), null);
    // In a pod KUBERNETES_SERVICE_HOST is set and the importer would go there instead of the URL.
    Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    BridgeWitness witness = new BridgeWitness(vertx, settings, Set::of, pod::get);

    Await.result(witness.start());

    assertFalse(authorizations.isEmpty(), "the bridge listed the services");
    assertTrue(authorizations.stream().noneMatch(a -> a.contains(TOKEN)), authorizations.toString());
    witness.close();
    Await.result(api.close());
  }

  @Test
  void theTokenGoesOnlyOverPlainHttpToTheUrlTheInformersUse(@TempDir Path dir) throws IOException {
    Path token = token(dir);
    Map<String, String> pod = Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    Map<String, String> laptop = Map.of();

    assertEquals(BridgeWitness.Trust.OFF, BridgeWitness.trust(settings("https://10.96.0.1:443", token), laptop::get));
    assertEquals(BridgeWitness.Trust.OFF, BridgeWitness.trust(settings("https://10.96.0.1:443", token), pod::get));
    assertEquals(BridgeWitness.Trust.PLACEHOLDER, BridgeWitness.trust(settings("http://127.0.0.1:8001", token), pod::get));
    assertEquals(BridgeWitness.Trust.PLACEHOLDER, BridgeWitness.trust(settings("http://127.0.0.1:8001", null), laptop::get));
    assertEquals(BridgeWitness.Trust.TOKEN, BridgeWitness.trust(settings("http://127.0.0.1:8001", token), laptop::get));
  }

  private static KubernetesSettings settings(String url, Path token) {
    return new KubernetesSettings(URI.create(url), "default", token, null);
  }

  private static Path token(Path dir) throws IOException {
    return Files.writeString(dir.resolve("token"), TOKEN);
  }
}
