package dev.vertxelastic.edu.catalog;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The per-instance catalog cache, on a clock the test moves. */
class CatalogCacheTest {

  final AtomicLong now = new AtomicLong(1_000);
  final AtomicInteger loads = new AtomicInteger();

  Supplier<Future<String>> load(String value) {
    return () -> {
      loads.incrementAndGet();
      return Future.succeededFuture(value);
    };
  }

  @Test
  void anEntryIsServedUntilItsTimeToLiveHasPassed() {
    CatalogCache cache = new CatalogCache(Duration.ofSeconds(5), now::get);
    assertEquals("v1", cache.get("k", load("v1")).result());
    now.addAndGet(Duration.ofMillis(4_999).toNanos());
    assertEquals("v1", cache.get("k", load("v2")).result());
    assertEquals(1, loads.get());
    now.addAndGet(Duration.ofMillis(1).toNanos());
    assertEquals("v2", cache.get("k", load("v2")).result());
    assertEquals(2, loads.get());
  }

  @Test
  void invalidateDropsEveryEntry() {
    CatalogCache cache = new CatalogCache(Duration.ofSeconds(5), now::get);
    cache.get("a", load("a1"));
    cache.get("b", load("b1"));
    cache.invalidate();
    assertEquals(0, cache.size());
    assertEquals("a2", cache.get("a", load("a2")).result());
  }

  @Test
  void concurrentMissesShareOneReadAndAFailedReadIsNotKept() {
    CatalogCache cache = new CatalogCache(Duration.ofSeconds(5), now::get);
    Promise<String> pending = Promise.promise();
    Future<String> first = cache.get("k", () -> {
      loads.incrementAndGet();
      return pending.future();
    });
    assertSame(first, cache.get("k", load("other")));
    assertEquals(1, loads.get());
    pending.fail("database down");
    assertEquals(0, cache.size());
    assertEquals("fresh", cache.get("k", load("fresh")).result());
  }

  @Test
  void aZeroTimeToLiveTurnsTheCacheOff() {
    CatalogCache cache = new CatalogCache(Duration.ZERO, now::get);
    cache.get("k", load("v1"));
    cache.get("k", load("v2"));
    assertEquals(2, loads.get());
    assertEquals(0, cache.size());
  }

  @Test
  void theCacheKeepsAtMostItsBoundOfEntries() {
    CatalogCache cache = new CatalogCache(Duration.ofSeconds(5), now::get);
    for (int i = 0; i < CatalogCache.MAX_ENTRIES + 10; i++) {
      cache.get("k" + i, load("v" + i));
    }
    assertEquals(CatalogCache.MAX_ENTRIES, cache.size());
  }
}
