package dev.vertxelastic.game.session;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FixedTimestepTest {

  @Test
  void oneStepEveryFiftyMillisecondsOfRealTime() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 1_000);
    int steps = 0;
    for (long t = 1_050; t <= 2_000; t += 50) {
      assertEquals(1, timestep.advance(t), "at " + t);
      steps++;
    }
    assertEquals(20, steps);
    assertEquals(0.05, timestep.stepSeconds());
  }

  @Test
  void timeBetweenStepsAccumulatesUntilAWholeStepIsDue() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 0);
    assertEquals(0, timestep.advance(20));
    assertEquals(1, timestep.advance(45));
    assertEquals(0, timestep.advance(60));
    assertEquals(0, timestep.advance(70));
    assertEquals(1, timestep.advance(100));
    assertEquals(2, timestep.advance(200));
  }

  @Test
  void aTimerThatFiresSlightlyEarlyStillStepsAndTheNextCallPaysItBack() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 0);
    long[] wakeUps = {49, 101, 148, 200, 251, 299};
    for (long t : wakeUps) {
      assertEquals(1, timestep.advance(t), "at " + t);
    }
  }

  @Test
  void aLateWakeUpOfAFixedRateTimerTakesOneStepAndTheEarlyOneAfterItTheNext() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 0);
    // Due at 150, run 28 ms late; a fixed-rate timer's next run is still due at 200.
    long[] wakeUps = {50, 100, 178, 200, 250};
    for (long t : wakeUps) {
      assertEquals(1, timestep.advance(t), "at " + t);
    }
  }

  @Test
  void afterAStallAtMostTheCapIsCaughtUpAndTheRestOfTheBacklogIsDropped() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 0);
    assertEquals(5, timestep.advance(1_000));
    assertEquals(1, timestep.advance(1_050));
    assertEquals(0, timestep.advance(1_060));
  }

  @Test
  void gameTimeKeepsUpWithRealTimeUnderJitter() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 0);
    SplittableRandom random = new SplittableRandom(7);
    long now = 0;
    long steps = 0;
    for (int i = 0; i < 10_000; i++) {
      now += 30 + random.nextInt(41);
      steps += timestep.advance(now);
      // Never ahead of real time by half a step or more, never behind by a whole one.
      long gameMillis = steps * 50;
      assertTrue(gameMillis - now < 25 && now - gameMillis < 50, "game " + gameMillis + " ms at " + now + " ms");
    }
  }

  @Test
  void aClockThatGoesBackAddsNothing() {
    FixedTimestep timestep = new FixedTimestep(50, 5, 1_000);
    assertEquals(0, timestep.advance(900));
    assertEquals(0, timestep.advance(1_020));
    assertEquals(1, timestep.advance(1_050));
  }

  @Test
  void stepAndCapMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new FixedTimestep(0, 5, 0));
    assertThrows(IllegalArgumentException.class, () -> new FixedTimestep(50, 0, 0));
  }
}
