package dev.vertxelastic.game.session;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

  static int taken(TokenBucket bucket, int attempts, long nowNanos) {
    int taken = 0;
    for (int i = 0; i < attempts; i++) {
      taken += bucket.tryTake(nowNanos) ? 1 : 0;
    }
    return taken;
  }

  @Test
  void aFullBucketLetsABurstThroughThenRefillsAtTheRate() {
    TokenBucket bucket = new TokenBucket(new SessionSettings.InputLimit(30, 10), 0);
    assertEquals(10, taken(bucket, 50, 0));
    assertFalse(bucket.tryTake(0));
    assertEquals(3, taken(bucket, 50, TimeUnit.MILLISECONDS.toNanos(100)));
    assertEquals(10, taken(bucket, 50, TimeUnit.SECONDS.toNanos(10)), "the bucket holds no more than the burst");
  }

  @Test
  void aSteadyRateBelowTheLimitIsNeverRejected() {
    TokenBucket bucket = new TokenBucket(new SessionSettings.InputLimit(30, 1), 0);
    for (long t = 0; t < TimeUnit.SECONDS.toNanos(5); t += TimeUnit.MILLISECONDS.toNanos(50)) {
      assertTrue(bucket.tryTake(t), "rejected at " + t);
    }
  }
}
