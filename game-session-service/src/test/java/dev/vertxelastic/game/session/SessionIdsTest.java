package dev.vertxelastic.game.session;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionIdsTest {

  @Test
  void anIdIsTheInstanceADotAndTenLowercaseLettersOrDigits() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String id = SessionIds.newId("game-7f9c");
      assertTrue(id.matches("game-7f9c\\.[a-z0-9]{10}"), id);
      assertTrue(SessionIds.isWellFormed(id));
      ids.add(id);
    }
    assertEquals(100, ids.size());
  }

  @Test
  void theInstanceIsEverythingBeforeTheLastDot() {
    assertEquals("game-1.pod.local", SessionIds.instanceOf("game-1.pod.local.abcdefghij"));
    assertEquals("game-1.pod.local", SessionIds.instanceOf(SessionIds.newId("game-1.pod.local")));
  }

  @Test
  void idsWithoutAnInstanceOrSuffixAreRejected() {
    for (String bad : new String[] {"abcdefghij", ".abcdefghij", "game-1.", "", null}) {
      assertThrows(IllegalArgumentException.class, () -> SessionIds.instanceOf(bad), String.valueOf(bad));
      assertFalse(SessionIds.isWellFormed(bad));
    }
    assertFalse(SessionIds.isWellFormed("game-1.ABCDEFGHIJ"));
    assertFalse(SessionIds.isWellFormed("game-1.short"));
  }
}
