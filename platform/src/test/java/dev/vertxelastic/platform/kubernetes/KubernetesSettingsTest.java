package dev.vertxelastic.platform.kubernetes;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubernetesSettingsTest {

  @TempDir
  Path serviceAccount;

  @Test
  void outOfClusterTheUrlIsUsedWithoutATokenAndTheDefaultNamespace() {
    KubernetesSettings settings = KubernetesSettings.fromEnv(Env.of(Map.of("KUBERNETES_API_URL", "http://127.0.0.1:8001")), serviceAccount);

    assertEquals(URI.create("http://127.0.0.1:8001"), settings.apiUrl());
    assertEquals("default", settings.namespace());
    assertNull(settings.tokenFile());
  }

  @Test
  void inClusterTheServiceAccountFilesAndServiceAddressAreUsed() throws IOException {
    Files.writeString(serviceAccount.resolve("token"), "t");
    Files.writeString(serviceAccount.resolve("namespace"), "vertx-elastic\n");
    Files.writeString(serviceAccount.resolve("ca.crt"), "pem");

    KubernetesSettings settings = KubernetesSettings.fromEnv(Env.of(Map.of(
        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")), serviceAccount);

    assertEquals(URI.create("https://10.96.0.1:443"), settings.apiUrl());
    assertEquals("vertx-elastic", settings.namespace());
    assertEquals(serviceAccount.resolve("token"), settings.tokenFile());
    assertEquals(serviceAccount.resolve("ca.crt"), settings.caFile());
  }

  @Test
  void outsideAPodWithoutAUrlTheMissingVariableIsNamed() {
    ConfigException failure = assertThrows(ConfigException.class, () -> KubernetesSettings.fromEnv(Env.of(Map.of()), serviceAccount));

    assertTrue(failure.getMessage().contains("KUBERNETES_API_URL"), failure.getMessage());
  }

  @Test
  void overridesWinOverTheServiceAccountFiles() throws IOException {
    Path token = serviceAccount.resolve("other-token");
    Files.writeString(token, "t");
    KubernetesSettings settings = KubernetesSettings.fromEnv(Env.of(Map.of("KUBERNETES_API_URL", "https://api.example:6443",
        "KUBERNETES_NAMESPACE", "games", "KUBERNETES_TOKEN_FILE", token.toString())), serviceAccount);

    assertEquals("games", settings.namespace());
    assertEquals(token, settings.tokenFile());
  }

  @Test
  void anExplicitUrlWinsOverTheInClusterServiceAddress() {
    KubernetesSettings settings = KubernetesSettings.fromEnv(Env.of(Map.of("KUBERNETES_API_URL", "http://127.0.0.1:8001",
        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")), serviceAccount);

    assertEquals(URI.create("http://127.0.0.1:8001"), settings.apiUrl());
  }
}
