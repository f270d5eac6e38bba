package dev.vertxelastic.helm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant navigation of parsed YAML (maps, lists, scalars). */
final class Tree {

  private Tree() {
  }

  /** The node at a path of map keys (String) and list indexes (Integer); null when absent. */
  static Object at(Object node, Object... path) {
    Object current = node;
    for (Object step : path) {
      if (current instanceof Map<?, ?> map && step instanceof String key) {
        current = map.get(key);
      } else if (current instanceof List<?> list && step instanceof Integer index && index < list.size()) {
        current = list.get(index);
      } else {
        return null;
      }
    }
    return current;
  }

  /** The node as a map with string keys; an empty map when absent. */
  static Map<String, Object> map(Object node) {
    Map<String, Object> copy = new LinkedHashMap<>();
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    } else if (node != null) {
      throw new AssertionError("expected an object but found " + node);
    }
    return copy;
  }

  /** The node as a list; an empty list when absent. */
  static List<?> list(Object node) {
    if (node == null) {
      return List.of();
    }
    if (node instanceof List<?> list) {
      return list;
    }
    throw new AssertionError("expected a list but found " + node);
  }
}
