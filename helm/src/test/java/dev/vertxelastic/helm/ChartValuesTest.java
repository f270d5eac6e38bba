package dev.vertxelastic.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vertxelastic.helm.Manifests.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The values contract: the schema rejects mistakes, invalid combinations fail, secrets stay secret. */
class ChartValuesTest {

  @Test
  void valuesWithATypoAreRejectedByTheSchema() {
    assertRenderFails("defaults", Map.of("game.autoscalling.enabled", "false"), "additional properties 'autoscalling' not allowed");
  }

  @Test
  void aValueOutsideItsEnumIsRejectedByTheSchema() {
    assertRenderFails("defaults", Map.of("gateway.image.pullPolicy", "Sometimes"), "/gateway/image/pullPolicy': value must be one of");
  }

  @Test
  void aGracePeriodWithinTheDrainDeadlineFailsWithASentence() {
    assertRenderFails("defaults", Map.of("game.terminationGracePeriodSeconds", "160"), "game.terminationGracePeriodSeconds (160) must exceed");
  }

  @Test
  void anHpaPlayerTargetAtThePodsPlayerLimitFailsWithASentence() {
    assertRenderFails("defaults", Map.of("game.autoscaling.playersPerPod", "5000"), "game.autoscaling.playersPerPod (5000) must stay below");
  }

  @Test
  void aGatewayGracePeriodWithinItsPreStopSleepAndDrainFailsWithASentence() {
    assertRenderFails("defaults", Map.of("gateway.config.drainDeadlineSeconds", "300"),
        "gateway.terminationGracePeriodSeconds (190) must exceed gateway.preStopSleepSeconds + gateway.config.drainDeadlineSeconds"
        + " + gateway.config.shutdownTimeoutSeconds (330)");
  }

  @Test
  void anEduGracePeriodWithinItsPreStopSleepAndShutdownFailsWithASentence() {
    assertRenderFails("defaults", Map.of("edu.preStopSleepSeconds", "20"),
        "edu.terminationGracePeriodSeconds (40) must exceed edu.preStopSleepSeconds + edu.config.shutdownTimeoutSeconds (40)");
  }

  @Test
  void anInChartPasswordSecretWithAnExternalDatabaseFailsWithASentence() {
    assertRenderFails("external-database", Map.of("postgresql.auth.existingSecret", "pg"), "postgresql.auth.existingSecret is for the in-chart PostgreSQL");
  }

  @Test
  void traceHeadersWithoutAnEndpointFailWithASentence() {
    assertRenderFails("defaults", Map.of("tracing.headers.existingSecret", "otlp"), "tracing.headers.existingSecret needs tracing.otlpEndpoint");
  }

  @Test
  void malformedDigestsEndpointsAndSpreadsAreRejectedByTheSchema() {
    for (Map.Entry<String, String> bad : Map.of(
        "gateway.image.digest", "latest",
        "tracing.otlpEndpoint", "otel-collector:4318",
        "tracing.sampleRatio", "2",
        "edu.topologySpreadConstraints[0].whenUnsatisfiable", "Sometimes").entrySet()) {
      assertRenderFails("defaults", Map.of(bad.getKey(), bad.getValue()), "values don't meet the specifications of the schema");
    }
  }

  @Test
  void anExternalDatabaseWithoutItsPasswordSecretFailsWithASentence() {
    assertRenderFails("external-database", Map.of("externalDatabase.existingSecret", ""),
        "externalDatabase.existingSecret must name a Secret holding the database password");
  }

  @Test
  void ingressTlsWithoutACertificateSecretFailsWithASentence() {
    assertRenderFails("ingress-on", Map.of("ingress.tls.secretName", ""), "ingress.tls.enabled=true needs ingress.tls.secretName");
  }

  @Test
  void moreMinimumThanMaximumReplicasFailsWithASentence() {
    assertRenderFails("defaults", Map.of("game.autoscaling.minReplicas", "12"),
        "game.autoscaling.minReplicas must not exceed game.autoscaling.maxReplicas.");
  }

  @Test
  void bothDatabasesAtOnceFailWithASentence() {
    assertRenderFails("defaults", Map.of("externalDatabase.host", "db.example.com"), "Choose one database");
  }

  @Test
  void noDatabaseAtAllFailsWithASentence() {
    assertRenderFails("defaults", Map.of("postgresql.enabled", "false"), "edu-course-service needs a database");
  }

  @Test
  void aBudgetThatWouldBlockNodeDrainsFailsWithASentence() {
    assertRenderFails("autoscaling-off", Map.of("edu.replicas", "1"), "node drains would block");
  }

  @Test
  void theGeneratedSecretsAreLongRandomAndNotInTheDefaultValues() throws IOException {
    Manifests manifests = Chart.render("defaults");
    String jwt = ChartRenderingTest.decode(manifests.get("Secret", Chart.componentName("jwt")).at("data", "jwt-secret"));
    String password = ChartRenderingTest.decode(manifests.get("Secret", Chart.componentName("database")).at("data", "password"));
    String values = Files.readString(Chart.directory().resolve("values.yaml"), StandardCharsets.UTF_8);

    assertTrue(jwt.length() >= 32, "the services refuse a JWT secret under 32 characters");
    assertTrue(password.length() >= 24);
    assertFalse(values.contains(jwt) || values.contains(password));
    assertFalse(values.matches("(?s).*\\n\\s*password:.*"), "values.yaml must not offer a password field");
    String again = ChartRenderingTest.decode(Manifests.parse(Chart.template("defaults", Map.of()))
        .get("Secret", Chart.componentName("jwt")).at("data", "jwt-secret"));
    assertNotEquals(jwt, again, "a fresh install generates a fresh secret");
  }

  @Test
  void anUpgradeKeepsTheJwtSecretAndTheDatabasePasswordOfTheRelease() {
    FakeKubernetesApi api = FakeKubernetesApi.get();
    String jwt = "an-existing-signing-secret-of-forty-characters";
    api.putSecret(Chart.NAMESPACE, Chart.componentName("jwt"), Map.of("jwt-secret", jwt));
    api.putSecret(Chart.NAMESPACE, Chart.componentName("database"), Map.of("password", "kept-password"));
    try {
      Manifests upgrade = Manifests.parse(Chart.template("defaults", Map.of()));

      assertEquals(jwt, ChartRenderingTest.decode(upgrade.get("Secret", Chart.componentName("jwt")).at("data", "jwt-secret")));
      Manifest database = upgrade.get("Secret", Chart.componentName("database"));
      assertEquals("kept-password", ChartRenderingTest.decode(database.at("data", "password")));
      assertEquals("keep", database.annotations().get("helm.sh/resource-policy"), "the data volume outlives the release");
    } finally {
      api.removeSecret(Chart.NAMESPACE, Chart.componentName("jwt"));
      api.removeSecret(Chart.NAMESPACE, Chart.componentName("database"));
    }
  }

  /** Rendering the variant with these values fails, and the message says the expected sentence. */
  private static void assertRenderFails(String variant, Map<String, String> sets, String expected) {
    IllegalStateException error = assertThrows(IllegalStateException.class, () -> Chart.template(variant, sets));

    assertTrue(error.getMessage().contains(expected), error::getMessage);
  }
}
