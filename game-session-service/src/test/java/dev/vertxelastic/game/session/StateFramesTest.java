package dev.vertxelastic.game.session;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StateFramesTest {

  private static double written(double v) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.writeStartObject();
      StateFrames.writeTenths(json, "x", v, new char[11]);
      json.writeEndObject();
    }
    String text = out.toString();
    return Double.parseDouble(text.substring("{\"x\":".length(), text.length() - 1));
  }

  @Test
  void coordinatesAreWrittenAsTheNumbersRoundedToOneDecimal() throws IOException {
    double[] edges = {0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.95, -0.95, 1, -1, 799.96, 9_999_999.94, -9_999_999.94, 9_999_999.96,
        -9_999_999.96, 1e12, -1e12, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double v : edges) {
      assertEquals(ServerFrames.round(v), written(v), "for " + v);
    }
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      double v = random.nextDouble(-2_000, 2_000) * (random.nextBoolean() ? 1 : random.nextDouble(0, 10_000));
      assertEquals(ServerFrames.round(v), written(v), "for " + v);
    }
  }
}
