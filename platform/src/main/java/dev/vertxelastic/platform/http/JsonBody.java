package dev.vertxelastic.platform.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one reader of JSON request bodies (after a body handler): the media type must be JSON (415),
 * the bytes strict UTF-8 and the document a JSON object (400), and no string in it, key or value,
 * may hold control characters (tab and line breaks aside) or unpaired surrogates (400 listing every
 * such field). Field-specific rules stay with the handler.
 */
public final class JsonBody {

  private JsonBody() {
  }

  /** The body as a JSON object; a problem when it is missing or bad. */
  public static JsonObject required(RoutingContext ctx) {
    return optional(ctx).orElseThrow(() -> Problem.badRequest("A JSON object body is required."));
  }

  /** The body as a JSON object, empty when there is no body; a problem when there is a bad one. */
  public static Optional<JsonObject> optional(RoutingContext ctx) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return Optional.empty();
    }
    if (!isJson(ctx.request().getHeader("Content-Type"))) {
      throw new Problem(415, "Unsupported Media Type", "Send the body as application/json.");
    }
    return Optional.of(parse(body));
  }

  /** Parses a non-empty body: strict UTF-8, a JSON object, clean strings. */
  public static JsonObject parse(Buffer body) {
    String text;
    try {
      text = InputText.decodeUtf8(body.getBytes());
    } catch (CharacterCodingException e) {
      throw Problem.badRequest("The request body is not valid UTF-8.");
    }
    Object json;
    try {
      json = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw Problem.badRequest("The request body is not valid JSON.");
    }
    if (!(json instanceof JsonObject object)) {
      throw Problem.badRequest("The request body must be a JSON object.");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    checkObject(object, "", errors);
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return object;
  }

  /** {@code application/json} or {@code application/<something>+json}, any parameters. */
  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.startsWith("application/") && mediaType.endsWith("+json");
  }

  private static void checkObject(JsonObject object, String path, List<Problem.FieldError> errors) {
    for (Map.Entry<String, Object> entry : object) {
      String key = entry.getKey();
      String keyFlaw = InputText.flaw(key, false);
      if (keyFlaw != null) {
        errors.add(new Problem.FieldError(path.isEmpty() ? "(a key)" : path + ".(a key)", "field names " + keyFlaw));
        continue;
      }
      check(entry.getValue(), path.isEmpty() ? key : path + "." + key, errors);
    }
  }

  private static void check(Object value, String path, List<Problem.FieldError> errors) {
    if (value instanceof String s) {
      String flaw = InputText.flaw(s, true);
      if (flaw != null) {
        errors.add(new Problem.FieldError(path, flaw));
      }
    } else if (value instanceof JsonObject object) {
      checkObject(object, path, errors);
    } else if (value instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        check(array.getValue(i), path + "[" + i + "]", errors);
      }
    }
  }
}
