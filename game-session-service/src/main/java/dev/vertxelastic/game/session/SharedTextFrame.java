package dev.vertxelastic.game.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;

/**
 * One text frame for every player of a session, encoded once: the whole WebSocket frame (an
 * unmasked, final text frame, RFC 6455 §5.2) for {@link FrameChannel}s, and its payload as a
 * buffer for connections that go through Vert.x. Whoever creates it releases it after the last send.
 */
final class SharedTextFrame {

  private static final int FIN_TEXT = 0x81;

  private final ByteBuf wire;
  private final int headerLength;
  private Buffer payload;

  private SharedTextFrame(ByteBuf wire, int headerLength) {
    this.wire = wire;
    this.headerLength = headerLength;
  }

  /** The frame of {@code length} UTF-8 bytes of {@code text} from {@code offset}, in a pooled buffer. */
  static SharedTextFrame of(byte[] text, int offset, int length) {
    int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuf wire = ByteBufAllocator.DEFAULT.directBuffer(headerLength + length);
    wire.writeByte(FIN_TEXT);
    if (length < 126) {
      wire.writeByte(length);
    } else if (length <= 0xFFFF) {
      wire.writeByte(126).writeShort(length);
    } else {
      wire.writeByte(127).writeLong(length);
    }
    wire.writeBytes(text, offset, length);
    return new SharedTextFrame(wire, headerLength);
  }

  /** The whole frame, header and payload; a writer takes its own reference. */
  ByteBuf wire() {
    return wire;
  }

  /** The payload, copied once on first use into a buffer that every connection may share. */
  Buffer payload() {
    if (payload == null) {
      payload = Buffer.buffer(ByteBufUtil.getBytes(wire, headerLength, wire.readableBytes() - headerLength));
    }
    return payload;
  }

  void release() {
    wire.release();
  }
}
