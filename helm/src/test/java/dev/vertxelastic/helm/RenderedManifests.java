package dev.vertxelastic.helm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * k8s/rendered/vertx-elastic.yaml: `helm template demo helm/vertx-elastic -n vertx-elastic` with
 * default values, minus what plain `kubectl apply` must not get: the `helm test` hook and the
 * Secrets the chart generates (their random values would be committed, and change on every render).
 */
final class RenderedManifests {

  static final String REGENERATE = "./mvnw -pl helm verify -Dhelm.regenerate=true";

  private static final String HEADER = """
      # Generated from helm/vertx-elastic with default values; do not edit, regenerate with
      #   %s
      # Plain manifests for `kubectl apply -n %s -f k8s/rendered/` (see k8s/rendered/README.md):
      # the generated Secrets and the helm test hook are left out.
      """.formatted(REGENERATE, Chart.NAMESPACE);

  private RenderedManifests() {
  }

  static Path file() {
    return Path.of(System.getProperty("rendered.file", "../k8s/rendered/vertx-elastic.yaml")).toAbsolutePath().normalize();
  }

  /** The expected file content, from the same render the tests check. */
  static String expected() {
    String rendered = Chart.template("defaults", Map.of());
    return HEADER + Manifests.documents(rendered).stream()
        .filter(RenderedManifests::forKubectl)
        .map(d -> d.strip() + "\n")
        .collect(Collectors.joining("---\n", "---\n", ""));
  }

  static void write() throws IOException {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), expected(), StandardCharsets.UTF_8);
  }

  private static boolean forKubectl(String document) {
    Manifests.Manifest m = Manifests.parse(document).all().stream().findFirst().orElse(null);
    if (m == null) {
      return false;
    }
    boolean hook = m.annotations().containsKey("helm.sh/hook");
    boolean generated = "true".equals(m.annotations().get("vertx-elastic.dev/generated"));
    return !hook && !generated;
  }

  /** `java ... RenderedManifests` rewrites the file, like -Dhelm.regenerate=true. */
  public static void main(String[] args) throws IOException {
    write();
    System.out.println("wrote " + file());
  }
}
