package dev.vertxelastic.gateway.discovery;

import dev.vertxelastic.platform.kubernetes.KubernetesSettings;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLEngine;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * Readies the JVM's TLS for the API server while the rest of the gateway starts. The gateway is
 * ready once it has listed Services and EndpointSlices, over TLS; the first TLS client of a JVM
 * loads and initializes about 1,000 classes of the JDK and Netty, and its first handshake runs their
 * crypto cold: 0.5 s of a 1.3 s pod start, on the event loop and in line. Done first, on a thread of
 * its own, that work overlaps the start of Vert.x (the CPU limit is 2).
 */
public final class TlsWarmUp {

  private TlsWarmUp() {
  }

  /** Starts the warm-up for {@code settings}' API server, if it is reached over TLS. */
  public static void start(KubernetesSettings settings) {
    if (settings.tls()) {
      Thread warmUp = new Thread(() -> run(settings), "tls-warm-up");
      warmUp.setDaemon(true);
      warmUp.start();
    }
  }

  /** What the first connection does before its first byte: the trust, the context, an engine and its client hello. */
  static void run(KubernetesSettings settings) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
          .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
              ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
              ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
              ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1));
      if (settings.caFile() != null) {
        try (InputStream pem = Files.newInputStream(settings.caFile())) {
          X509Certificate[] cas = CertificateFactory.getInstance("X.509").generateCertificates(pem).stream()
              .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
          Arrays.stream(cas).forEach(TlsWarmUp::verifyOnce);
          builder.trustManager(cas);
        }
      }
      SslContext context = builder.build();
      SSLEngine engine = context.newEngine(ByteBufAllocator.DEFAULT, settings.apiUrl().getHost(), settings.port());
      engine.beginHandshake();
      engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
      engine.closeOutbound();
    } catch (Exception ignored) {
      // Only a head start: whatever fails here fails again on the real connection, and is reported there.
    }
  }

  /** The server's chain is verified with the CA's key algorithm: run it once (a root CA signs itself). */
  private static void verifyOnce(Certificate ca) {
    try {
      ca.verify(ca.getPublicKey());
    } catch (Exception notSelfSigned) {
      // An intermediate CA: its signature is not its own key's, and nothing else depends on this.
    }
  }
}
