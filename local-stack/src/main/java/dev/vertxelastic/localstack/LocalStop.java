package dev.vertxelastic.localstack;

import io.vertx.core.Future;

import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * How the local stack's process ends: the first Ctrl-C (SIGINT) or SIGTERM stops the stack
 * gracefully within a bound and exits; a second one exits at once. Optionally the process also
 * stops when the process that started it is gone ({@code ./mvnw -Prun} stopped alone, as an IDE's
 * stop button does), so that no stack is left serving without its console. A terminal's Ctrl-C
 * reaches Maven too, which exits at once: that exit does not cut short the stop the signal began.
 */
final class LocalStop {

  // How often the parent's liveness is checked: ProcessHandle.onExit polls a non-child for up to 5 s.
  private static final long PARENT_POLL_MILLIS = 250;
  private final Supplier<Future<Void>> stop;
  private final Duration bound;
  private final IntConsumer exit;
  private final IntConsumer halt;
  private final PrintStream out;
  private final AtomicBoolean stopping = new AtomicBoolean();

  LocalStop(LocalStack stack, Duration bound) {
    this(stack::stop, bound, System::exit, status -> Runtime.getRuntime().halt(status), System.out);
  }

  /** {@code exit} ends the process after the stop (0 when it was clean), {@code halt} at once (a second signal). */
  LocalStop(Supplier<Future<Void>> stop, Duration bound, IntConsumer exit, IntConsumer halt, PrintStream out) {
    this.stop = stop;
    this.bound = bound;
    this.exit = exit;
    this.halt = halt;
    this.out = out;
  }

  /** Takes over SIGINT and SIGTERM (the JVM's default would run shutdown hooks, where a second Ctrl-C is ignored). */
  void onSignals() {
    handle("INT", () -> signalled("SIGINT"));
    handle("TERM", () -> signalled("SIGTERM"));
    // Any other way out (SIGHUP, System.exit elsewhere) still stops the stack, within the same bound.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitStop(), "local-stack-shutdown"));
  }

  /** Stops the stack when the parent process exits. */
  void withParent() {
    ProcessHandle.current().parent().ifPresent(parent -> {
      Thread watcher = new Thread(() -> {
        try {
          // Reparented (to init or a subreaper) means the parent is gone, even while it is an unreaped zombie.
          while (parent.isAlive() && ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == parent.pid()) {
            Thread.sleep(PARENT_POLL_MILLIS);
          }
        } catch (InterruptedException e) {
          return;
        }
        parentExited(parent.pid());
      }, "local-stack-parent-watch");
      watcher.setDaemon(true);
      watcher.start();
    });
  }

  /** A signal: the first one stops the stack within the bound, a second one exits at once. */
  void signalled(String signal) {
    if (!begin(signal)) {
      out.println("Stopping at once.");
      halt.accept(130);
    }
  }

  /** The parent is gone: a stop begins, unless one is already under way (then it goes on, within its bound). */
  void parentExited(long pid) {
    begin("the parent process (" + pid + ") exited");
  }

  private boolean begin(String why) {
    if (!stopping.compareAndSet(false, true)) {
      return false;
    }
    // Not on the signal thread: stopping waits, and a second signal must still get through.
    new Thread(() -> {
      out.println("Stopping the local stack (" + why + "): at most " + bound.toSeconds()
          + " s; Ctrl-C again to stop at once.");
      long start = System.nanoTime();
      boolean clean = awaitStop();
      out.println(clean ? "Stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms."
          : "The local stack did not stop within " + bound.toSeconds() + " s: exiting anyway.");
      exit.accept(clean ? 0 : 1);
    }, "local-stack-stop").start();
    return true;
  }

  /**
   * sun.misc.Signal (module jdk.unsupported, kept for exactly this) is the only way to take over a
   * signal; by reflection, because javac warns on every direct reference and no option silences it.
   */
  private static void handle(String signal, Runnable action) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType}, (proxy, method, args) -> {
        if (method.getName().equals("handle")) {
          action.run();
          return null;
        }
        return method.getName().equals("toString") ? "local-stack " + signal + " handler" : method.invoke(action, args);
      });
      signalType.getMethod("handle", signalType, handlerType)
          .invoke(null, signalType.getConstructor(String.class).newInstance(signal), handler);
    } catch (ReflectiveOperationException e) {
      // Without it, the JVM's own handling applies: the shutdown hook still stops the stack.
      System.err.println("cannot take over SIG" + signal + " (" + e + "): a second Ctrl-C will not stop at once");
    }
  }

  private boolean awaitStop() {
    try {
      stop.get().toCompletionStage().toCompletableFuture().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
