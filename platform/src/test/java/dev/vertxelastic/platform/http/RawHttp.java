package dev.vertxelastic.platform.http;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A raw TCP client for what well-behaved clients cannot send: malformed request lines, odd protocol
 * versions, WebSocket frames with any payload. Every read has a deadline (the socket timeout).
 */
public final class RawHttp implements AutoCloseable {

  /** An HTTP response as read off the wire; header names in lower case. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A WebSocket frame from the server. */
  public record Frame(int opcode, byte[] payload) {
    public static final int TEXT = 1;
    public static final int BINARY = 2;
    public static final int CLOSE = 8;

    /** The close status of a close frame, or -1. */
    public int closeStatus() {
      return opcode == CLOSE && payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : -1;
    }

    public String text() {
      return new String(payload, opcode == CLOSE ? Math.min(2, payload.length) : 0,
          opcode == CLOSE ? Math.max(0, payload.length - 2) : payload.length, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  public static RawHttp connect(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    return new RawHttp(socket);
  }

  /** Sends {@code request} as it is (ISO-8859-1 bytes) and reads one response. */
  public static Response exchange(int port, String request) throws IOException {
    try (RawHttp raw = connect(port)) {
      raw.write(request.getBytes(StandardCharsets.ISO_8859_1));
      return raw.readResponse();
    }
  }

  public void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads a status line, headers and a body of {@code Content-Length} bytes (or up to the end of the stream). */
  public Response readResponse() throws IOException {
    String statusLine = readLine();
    int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if (status == 101 || status == 204 || status == 304) {
      body = new byte[0];
    } else {
      body = in.readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  /** Sends one final, masked client frame with {@code payload} as it is. */
  public void writeFrame(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    write(frame.toByteArray());
  }

  /** Reads the next (unmasked) server frame. */
  public Frame readFrame() throws IOException {
    int first = readByte();
    int length = readByte() & 0x7f;
    if (length == 126) {
      length = readByte() << 8 | readByte();
    } else if (length == 127) {
      long longLength = 0;
      for (int i = 0; i < 8; i++) {
        longLength = longLength << 8 | readByte();
      }
      length = Math.toIntExact(longLength);
    }
    return new Frame(first & 0x0f, in.readNBytes(length));
  }

  /** Reads frames until a close frame, and returns it. */
  public Frame readUntilClose() throws IOException {
    while (true) {
      Frame frame = readFrame();
      if (frame.opcode() == Frame.CLOSE) {
        return frame;
      }
    }
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the server closed the connection");
    }
    return b;
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = readByte(); b != '\n'; b = readByte()) {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
