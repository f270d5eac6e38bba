package dev.vertxelastic.game;

import dev.vertxelastic.platform.auth.SignedTokens;
import dev.vertxelastic.platform.http.Problems;
import dev.vertxelastic.platform.http.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hostile client gets errors or a closed socket of its own; the other players never notice. */
@ExtendWith(VertxExtension.class)
class HostileClientTest {

  static RawHttp.Response upgrade(RawHttp raw, String uri) throws Exception {
    raw.write(("GET " + uri + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    return raw.readResponse();
  }

  @Test
  void binaryFramesCountAgainstTheRateLimitAndAFloodClosesOnlyThatSocket(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      GameService.Game game = service.runningGame("ada", "bob");
      TestPlayer ada = game.first();
      TestPlayer bob = game.second();
      Buffer junk = Buffer.buffer(new byte[] {1, 2, 3});
      for (int i = 0; i < 5000; i++) {
        ada.socket.writeBinaryMessage(junk);
      }
      assertEquals(1008, ada.awaitClose());
      // Bad frames are answered only within the rate: no answer for each of the flood's frames.
      long errors = ada.arrivalsOf(f -> "error".equals(f.getString("type"))).size();
      assertTrue(errors <= 40, errors + " error frames for a flood of binary frames");
      bob.skipReceived();
      bob.awaitState("state with ada away", f -> TestPlayer.playerIn(f, "ada").getBoolean("away", false));
      bob.send(new JsonObject().put("type", "ping").put("t", 1));
      assertEquals(1, bob.awaitType("pong").getInteger("t"));
      String scrape = service.metrics();
      assertTrue(GameService.sample(scrape, "game_inputs_rejected_total", "reason=\"rate-limited\"") > 1000, scrape);
    }
  }

  @Test
  void numbersOutOfRangeAreBadInputErrorFramesAndTheSocketStays(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      String id = service.createGame("host", 2).getString("id");
      TestPlayer ada = service.join(id, "ada");
      ada.awaitType("welcome");
      List<String> frames = List.of(
          "{\"type\":\"input\",\"seq\":9223372036854775808,\"dx\":0,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":9223372036854775807,\"dx\":0,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":9007199254740992,\"dx\":0,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":1e300,\"dx\":0,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":-1,\"dx\":0,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":1,\"dx\":1.0000001,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":1,\"dx\":0,\"dy\":-1e400}",
          "{\"type\":\"input\",\"seq\":1,\"dx\":123456789012345678901234567890,\"dy\":0}",
          "{\"type\":\"input\",\"seq\":\"1\",\"dx\":true,\"dy\":null}",
          "{\"type\":\"ping\",\"t\":1e400}");
      for (String frame : frames) {
        ada.sendText(frame);
        assertEquals("bad-input", ada.await("error for " + frame, f -> "error".equals(f.getString("type"))).getString("code"), frame);
      }
      ada.sendText("{\"type\":\"input\",\"seq\":9007199254740991,\"dx\":-1,\"dy\":1}");
      ada.send(new JsonObject().put("type", "ping").put("t", 5));
      JsonObject next = ada.await("pong", f -> "pong".equals(f.getString("type")) || "error".equals(f.getString("type")));
      assertEquals("pong", next.getString("type"), "the largest seq is fine: " + next.encode());
      assertFalse(ada.socket.isClosed());
    }
  }

  @Test
  void invalidUtf8InATextFrameClosesWith1007(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      String id = service.createGame("host", 2).getString("id");
      for (byte[] invalid : List.of(new byte[] {(byte) 0xc0, (byte) 0xae}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
          new byte[] {(byte) 0xff})) {
        try (RawHttp raw = RawHttp.connect(service.port())) {
          assertEquals(101, upgrade(raw, "/ws/games/" + id + "?token=" + service.token("ada")).status());
          ByteArrayOutputStream text = new ByteArrayOutputStream();
          text.write("{\"type\":\"ping\",\"t\":1,\"x\":\"".getBytes(StandardCharsets.UTF_8));
          text.write(invalid);
          text.write("\"}".getBytes(StandardCharsets.UTF_8));
          raw.writeFrame(RawHttp.Frame.TEXT, text.toByteArray());
          assertEquals(1007, raw.readUntilClose().closeStatus());
        }
      }
      String scrape = service.metrics();
      assertEquals(3.0, GameService.sample(scrape, "game_inputs_rejected_total", "reason=\"bad-utf8\""), scrape);
    }
  }

  @Test
  void aBadlyEncodedTokenIs400AndATokenWithMalformedClaimsIs401BothProblems(Vertx vertx) throws Exception {
    try (GameService service = GameService.start(vertx, Map.of())) {
      String id = service.createGame("host", 2).getString("id");
      try (RawHttp raw = RawHttp.connect(service.port())) {
        RawHttp.Response r = upgrade(raw, "/ws/games/" + id + "?token=%zz");
        assertEquals(400, r.status(), r.body());
        assertEquals(Problems.CONTENT_TYPE, r.header("Content-Type"));
      }
      String never = SignedTokens.hs256(GameService.SECRET, SignedTokens.learnerClaims("eve").put("exp", "never"));
      try (RawHttp raw = RawHttp.connect(service.port())) {
        RawHttp.Response r = upgrade(raw, "/ws/games/" + id + "?token=" + never);
        assertEquals(401, r.status(), r.body());
        assertEquals(Problems.CONTENT_TYPE, r.header("Content-Type"));
      }
      assertEquals(201, service.post("/api/games", service.token("ada"), null, null).statusCode(), "the service goes on");
    }
  }
}
