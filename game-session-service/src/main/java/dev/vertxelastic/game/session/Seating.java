package dev.vertxelastic.game.session;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Who has a place in one session: the seats of connected players and of players away for less than
 * the reconnect grace, and the seats held for matched players who have not connected yet. Only the
 * session's event loop changes it; the two counts are also read by gauges and the readiness check.
 */
final class Seating {

  // Player id to seat, in the order they first sat down (the order frames are sent in).
  private final Map<String, Seat> seats = new LinkedHashMap<>();
  private final Map<String, Seat> seatsView = Collections.unmodifiableMap(seats);
  // User id to the time its promised seat lapses.
  private final Map<String, Long> holds = new HashMap<>();
  private volatile int connected;
  private volatile int occupancy;

  /** Players connected now. */
  int connected() {
    return connected;
  }

  /** Seats taken as of the last change: connected, away within the grace, or held for a matched player. */
  int occupancy() {
    return occupancy;
  }

  /** Seats taken at {@code now}, once lapsed holds are let go. */
  int taken(long now) {
    expireHolds(now);
    return occupancy;
  }

  /** Whether {@code userId} has a seat here at {@code now}, taken or held. */
  boolean placeFor(String userId, long now) {
    expireHolds(now);
    return seats.containsKey(userId) || holds.containsKey(userId);
  }

  /** Holds a seat for {@code userId} until {@code untilMillis}, unless they already sit here. */
  void hold(String userId, long untilMillis) {
    if (!seats.containsKey(userId)) {
      holds.put(userId, untilMillis);
      recount();
    }
  }

  /** The seat of {@code playerId}, or null; a hold on one is used up, as its player is here. */
  Seat claim(String playerId) {
    if (holds.remove(playerId) != null) {
      recount();
    }
    return seats.get(playerId);
  }

  void add(Seat seat) {
    seats.put(seat.playerId(), seat);
    recount();
  }

  /** Recounts after a seat's connection came or went. */
  void changed() {
    recount();
  }

  /** Lets go of lapsed holds, and of seats whose player stayed away beyond the grace ({@code lapsed} hears of each). */
  void purge(long now, Consumer<Seat> lapsed) {
    expireHolds(now);
    boolean removed = false;
    for (var it = seats.values().iterator(); it.hasNext(); ) {
      Seat seat = it.next();
      if (seat.lapsed(now)) {
        it.remove();
        lapsed.accept(seat);
        removed = true;
      }
    }
    if (removed) {
      recount();
    }
  }

  boolean noSeats() {
    return seats.isEmpty();
  }

  boolean noHolds() {
    return holds.isEmpty();
  }

  /** The seats by player id, read-only. */
  Map<String, Seat> seats() {
    return seatsView;
  }

  /** Empties the session; returns the seats it had. */
  Collection<Seat> clear() {
    List<Seat> leaving = List.copyOf(seats.values());
    seats.clear();
    holds.clear();
    recount();
    return leaving;
  }

  /** Lets go of the holds that lapsed by {@code now}. */
  void expireHolds(long now) {
    if (holds.values().removeIf(until -> until <= now)) {
      recount();
    }
  }

  private void recount() {
    connected = (int) seats.values().stream().filter(Seat::connected).count();
    occupancy = seats.size() + (int) holds.keySet().stream().filter(user -> !seats.containsKey(user)).count();
  }
}
