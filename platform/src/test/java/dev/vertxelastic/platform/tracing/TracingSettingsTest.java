package dev.vertxelastic.platform.tracing;

import dev.vertxelastic.platform.config.ConfigException;
import dev.vertxelastic.platform.config.Env;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracingSettingsTest {

  static TracingSettings of(Map<String, String> env) {
    return TracingSettings.fromEnv(Env.of(env));
  }

  @Test
  void withoutAnEndpointNothingIsExportedAndEveryTraceIsSampled() {
    TracingSettings settings = of(Map.of());
    assertFalse(settings.exporting());
    assertNull(settings.tracesEndpoint());
    assertEquals(1.0, settings.sampleRatio());
  }

  @Test
  void theBaseEndpointGetsTheTracesPathAndTheTracesEndpointIsTakenAsIs() {
    assertEquals(URI.create("http://collector:4318/v1/traces"), of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")).tracesEndpoint());
    assertEquals(URI.create("https://otlp.example/api/v1/traces"), of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "https://otlp.example/api/")).tracesEndpoint());
    assertEquals(URI.create("http://jaeger:4318/custom"), of(Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://jaeger:4318/custom")).tracesEndpoint());
  }

  @Test
  void headersArePercentDecodedAndTheTracesOnesWin() {
    TracingSettings settings = of(Map.of(
        "OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b, tenant=t1",
        "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "tenant=t2"));
    assertEquals(Map.of("api-key", "a b", "tenant", "t2"), settings.headers());
  }

  @Test
  void malformedValuesFailWithTheVariableNameButNeverPrintAHeaderValue() {
    assertTrue(assertThrows(ConfigException.class, () -> of(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://x")))
        .getMessage().startsWith("Invalid configuration: OTEL_EXPORTER_OTLP_ENDPOINT='ftp://x'"));
    assertTrue(assertThrows(ConfigException.class, () -> of(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://")))
        .getMessage().contains("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
    String headers = assertThrows(ConfigException.class, () -> of(Map.of("OTEL_EXPORTER_OTLP_HEADERS", "secret-token-without-key")))
        .getMessage();
    assertTrue(headers.contains("OTEL_EXPORTER_OTLP_HEADERS") && !headers.contains("secret-token"), headers);
    assertTrue(assertThrows(ConfigException.class, () -> of(Map.of("OTEL_TRACES_SAMPLER_ARG", "1.5")))
        .getMessage().contains("OTEL_TRACES_SAMPLER_ARG"));
    assertTrue(assertThrows(ConfigException.class, () -> of(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
        .getMessage().contains("OTEL_EXPORTER_OTLP_PROTOCOL='grpc' must be http/protobuf"));
  }

  @Test
  void theSamplerArgumentIsTheRatioOfNewTraces() {
    assertEquals(0.25, of(Map.of("OTEL_TRACES_SAMPLER_ARG", "0.25")).sampleRatio());
  }
}
