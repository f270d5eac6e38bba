package dev.vertxelastic.edu.catalog;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A short-lived cache of catalog reads (search pages and course details) for one instance. An entry
 * lives {@code ttl} at most; {@link #invalidate()} (called after an instructor's write on this instance)
 * drops everything. Other instances see a write once their entries expire. Concurrent misses of the
 * same key share one database read. A zero {@code ttl} turns the cache off.
 */
public final class CatalogCache {

  static final int MAX_ENTRIES = 1024;

  private record Entry(Future<?> value, long expiresAt) {
  }

  private final long ttlNanos;
  private final LongSupplier clock;
  private final Map<Object, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  public CatalogCache(Duration ttl) {
    this(ttl, System::nanoTime);
  }

  CatalogCache(Duration ttl, LongSupplier clock) {
    this.ttlNanos = ttl.toNanos();
    this.clock = clock;
  }

  /** The cached value of {@code key}, or the value {@code load} reads (and this cache keeps unless it fails). */
  @SuppressWarnings("unchecked")
  public synchronized <T> Future<T> get(Object key, Supplier<Future<T>> load) {
    if (ttlNanos <= 0) {
      return load.get();
    }
    long now = clock.getAsLong();
    Entry cached = entries.get(key);
    if (cached != null && now - cached.expiresAt() < 0) {
      return (Future<T>) cached.value();
    }
    Future<T> loaded = load.get();
    Entry entry = new Entry(loaded, now + ttlNanos);
    entries.put(key, entry);
    loaded.onFailure(err -> forget(key, entry));
    return loaded;
  }

  /** Drops every entry: the next reads go to the database. */
  public synchronized void invalidate() {
    entries.clear();
  }

  synchronized int size() {
    return entries.size();
  }

  private synchronized void forget(Object key, Entry entry) {
    entries.remove(key, entry);
  }
}
