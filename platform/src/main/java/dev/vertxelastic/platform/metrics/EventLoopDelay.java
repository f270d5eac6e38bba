package dev.vertxelastic.platform.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop of one Vert.x runs a timer: every {@code interval} a timer is due on
 * every loop, and the time between when it was due and when it ran goes into the timer
 * {@value #METER}{@code {loop="<thread name>"}} (a histogram up to 1 s). A loop kept busy by a
 * handler shows up as delay at once, before requests time out.
 */
public final class EventLoopDelay {

  public static final String METER = "eventloop_delay_seconds";
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
  private final List<Probe> probes = new ArrayList<>();
  private volatile boolean stopped;

  private EventLoopDelay() {
  }

  /** Starts one probe per event loop of {@code vertx}, recording into {@code registry}. */
  public static EventLoopDelay start(Vertx vertx, MeterRegistry registry, Duration interval) {
    EventLoopDelay delay = new EventLoopDelay();
    VertxInternal internal = (VertxInternal) vertx;
    for (EventExecutor loop : internal.nettyEventLoopGroup()) {
      ContextInternal context = internal.contextBuilder().withEventLoop((EventLoop) loop).build();
      Probe probe = delay.new Probe(context, registry, Math.max(1, interval.toMillis()));
      delay.probes.add(probe);
      context.runOnContext(v -> probe.start());
    }
    return delay;
  }

  /** Cancels every probe's next timer. */
  public void stop() {
    stopped = true;
    probes.forEach(Probe::cancel);
  }

  /** The number of event loops probed. */
  public int loops() {
    return probes.size();
  }

  /** One loop: a chain of one-shot timers, each measuring how late it ran. */
  private final class Probe {
    private final ContextInternal context;
    private final MeterRegistry registry;
    private final long intervalMillis;
    private Timer timer;
    private long dueNanos;
    private volatile long timerId = -1;

    Probe(ContextInternal context, MeterRegistry registry, long intervalMillis) {
      this.context = context;
      this.registry = registry;
      this.intervalMillis = intervalMillis;
    }

    void start() {
      timer = Timer.builder(METER)
          .description("How late a timer due on this event loop ran: time the loop was busy with other work")
          .tag("loop", Thread.currentThread().getName())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofNanos(100_000))
          .maximumExpectedValue(Duration.ofSeconds(1))
          .register(registry);
      schedule();
    }

    private void schedule() {
      if (stopped) {
        return;
      }
      dueNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intervalMillis);
      timerId = context.setTimer(intervalMillis, id -> {
        timer.record(Math.max(0, System.nanoTime() - dueNanos), TimeUnit.NANOSECONDS);
        schedule();
      });
    }

    void cancel() {
      long id = timerId;
      if (id >= 0) {
        context.owner().cancelTimer(id);
      }
    }
  }
}
