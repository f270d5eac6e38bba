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
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("game.autoscalling.enabled", "false")));

    assertTrue(error.getMessage().contains("additional properties 'autoscalling' not allowed"), error::getMessage);
  }

  @Test
  void aValueOutsideItsEnumIsRejectedByTheSchema() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("gateway.image.pullPolicy", "Sometimes")));

    assertTrue(error.getMessage().contains("/gateway/image/pullPolicy': value must be one of"), error::getMessage);
  }

  @Test
  void aGracePeriodWithinTheDrainDeadlineFailsWithASentence() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("game.terminationGracePeriodSeconds", "160")));

    assertTrue(error.getMessage().contains("game.terminationGracePeriodSeconds (160) must exceed"), error::getMessage);
  }

  @Test
  void bothDatabasesAtOnceFailWithASentence() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("externalDatabase.host", "db.example.com")));

    assertTrue(error.getMessage().contains("Choose one database"), error::getMessage);
  }

  @Test
  void noDatabaseAtAllFailsWithASentence() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("defaults", Map.of("postgresql.enabled", "false")));

    assertTrue(error.getMessage().contains("edu-course-service needs a database"), error::getMessage);
  }

  @Test
  void aBudgetThatWouldBlockNodeDrainsFailsWithASentence() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> Chart.template("autoscaling-off", Map.of("edu.replicas", "1")));

    assertTrue(error.getMessage().contains("node drains would block"), error::getMessage);
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
}
