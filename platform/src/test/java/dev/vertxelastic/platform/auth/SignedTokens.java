package dev.vertxelastic.platform.auth;

import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/** HS256 tokens with any claims at all, signed with a real secret: for tokens {@link Tokens} would never issue (tests). */
public final class SignedTokens {

  private SignedTokens() {
  }

  public static String hs256(String secret, JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return head + "." + b64.encodeToString(mac.doFinal(head.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims of a valid learner token for {@code userId}, valid for ten minutes. */
  public static JsonObject learnerClaims(String userId) {
    return new JsonObject().put("sub", userId).put("name", userId).put("roles", new io.vertx.core.json.JsonArray().add("learner"))
        .put("iss", Tokens.ISSUER).put("exp", System.currentTimeMillis() / 1000 + 600);
  }
}
