package dev.vertxelastic.edu;

import org.h2.tools.Server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * H2 stores: the embedded file database (the service's default) or the same kind of file served by
 * an H2 TCP server in this JVM, which a test can stop and start again on the same port to cut the
 * service off its database for real (sockets closed, connections refused).
 */
final class H2TestStore extends TestStore {

  private final Path dir;
  private final boolean served;
  private Server server;
  private int port;

  private H2TestStore(Path dir, boolean served) {
    this.dir = dir;
    this.served = served;
  }

  /** The embedded file database in {@code dir}. */
  static H2TestStore file(Path dir) {
    return new H2TestStore(dir, false);
  }

  /** A file database in {@code dir} behind a TCP server on a free port, started now. */
  static H2TestStore server(Path dir) throws SQLException {
    H2TestStore store = new H2TestStore(dir, true);
    store.server = Server.createTcpServer("-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists").start();
    store.port = store.server.getPort();
    return store;
  }

  @Override
  String dbUrl() {
    return served ? "jdbc:h2:tcp://127.0.0.1:" + port + "/edu" : "jdbc:h2:file:" + dir.resolve("edu") + ";DB_CLOSE_ON_EXIT=FALSE";
  }

  @Override
  int serverPort() {
    return served ? port : -1;
  }

  @Override
  String dbUrlThrough(int proxyPort) {
    return "jdbc:h2:tcp://127.0.0.1:" + proxyPort + "/edu";
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection(dbUrl(), "sa", "");
  }

  @Override
  boolean canStopServer() {
    return served;
  }

  @Override
  void stopServer() {
    server.stop();
  }

  @Override
  void startServer() throws SQLException {
    server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists").start();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
  }
}
