package dev.vertxelastic.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpstreamPathTest {

  @Test
  void apiAndWsPathsNameTheirSegmentAndResource() {
    assertEquals(Optional.of(new UpstreamPath("courses", null)), UpstreamPath.parse("/api/courses"));
    assertEquals(Optional.of(new UpstreamPath("courses", null)), UpstreamPath.parse("/api/courses/"));
    assertEquals(Optional.of(new UpstreamPath("courses", "c-1")), UpstreamPath.parse("/api/courses/c-1/enrollments"));
    assertEquals(Optional.of(new UpstreamPath("games", "g-1.abcdefghij")), UpstreamPath.parse("/ws/games/g-1.abcdefghij"));
  }

  @Test
  void pathsOutsideApiAndWsOrWithoutASegmentAreNotRouted() {
    assertTrue(UpstreamPath.parse("/health/ready").isEmpty());
    assertTrue(UpstreamPath.parse("/metrics").isEmpty());
    assertTrue(UpstreamPath.parse("/admin/routes").isEmpty());
    assertTrue(UpstreamPath.parse("/api").isEmpty());
    assertTrue(UpstreamPath.parse("/api/").isEmpty());
    assertTrue(UpstreamPath.parse("/api//courses").isEmpty());
    assertTrue(UpstreamPath.parse("/apix/courses").isEmpty());
  }

  @Test
  void namedInstanceIsWhatPrecedesTheLastDotOfTheResource() {
    assertEquals("game-session-7d9f.x", new UpstreamPath("games", "game-session-7d9f.x.abcdefghij").namedInstance());
    assertEquals("game-a", new UpstreamPath("games", "game-a.abcdefghij").namedInstance());
    assertNull(new UpstreamPath("games", "quick-match").namedInstance());
    assertNull(new UpstreamPath("games", ".abcdefghij").namedInstance());
    assertNull(new UpstreamPath("games", null).namedInstance());
  }

  @Test
  void dotSegmentsAndEncodedDotsOrSlashesAreTraversal() {
    assertTrue(UpstreamPath.isTraversal("/api/courses/../admin"));
    assertTrue(UpstreamPath.isTraversal("/api/courses/%2E%2e/admin"));
    assertTrue(UpstreamPath.isTraversal("/api/courses%2Fadmin"));
    assertTrue(UpstreamPath.isTraversal("/api/courses\\admin"));
    assertFalse(UpstreamPath.isTraversal("/api/games/game-a.abcdefghij"));
    assertFalse(UpstreamPath.isTraversal("/api/courses/c.1/lessons"));
  }
}
