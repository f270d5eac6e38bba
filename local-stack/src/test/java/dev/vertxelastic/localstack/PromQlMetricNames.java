package dev.vertxelastic.localstack;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects: identifiers that are not functions, aggregations,
 * keywords, label names (inside {@code {...}} or the label lists of by/without/on/ignoring/group_*),
 * numbers, durations or strings. Grafana's {@code label_values(selector, label)} and its
 * {@code $variables} are understood too.
 */
final class PromQlMetricNames {

  private static final Set<String> KEYWORDS = Set.of(
      "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset",
      "atan2", "inf", "nan");
  /** Keywords followed by a parenthesised list of label names. */
  private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*)\\)\\s*$", Pattern.DOTALL);

  private PromQlMetricNames() {
  }

  /** The metric names of one expression, in order of appearance. */
  static Set<String> of(String expression) {
    Matcher labelValues = LABEL_VALUES.matcher(expression);
    if (labelValues.matches()) {
      String args = labelValues.group(1);
      int comma = lastTopLevelComma(args);
      return comma < 0 ? Set.of() : of(args.substring(0, comma));
    }
    Set<String> names = new LinkedHashSet<>();
    List<String> tokens = tokens(expression);
    int braces = 0;
    int brackets = 0;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      switch (token) {
        case "{" -> braces++;
        case "}" -> braces--;
        case "[" -> brackets++;
        case "]" -> brackets--;
        default -> {
          if (!isIdentifier(token) || braces > 0 || brackets > 0) {
            continue;
          }
          String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
          String lower = token.toLowerCase(Locale.ROOT);
          if (LABEL_LISTS.contains(lower) && next.equals("(")) {
            i = closingParenthesis(tokens, i + 1);
          } else if (!KEYWORDS.contains(lower) && !next.equals("(") && !isModifier(next)) {
            names.add(token);
          }
        }
      }
    }
    return names;
  }

  /** {@code sum by (...) (...)}: only an aggregation is followed by its modifier. */
  private static boolean isModifier(String token) {
    return token.equalsIgnoreCase("by") || token.equalsIgnoreCase("without");
  }

  private static int closingParenthesis(List<String> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).equals("(")) {
        depth++;
      } else if (tokens.get(i).equals(")") && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses in " + String.join(" ", tokens));
  }

  private static int lastTopLevelComma(String args) {
    int depth = 0;
    int comma = -1;
    boolean quoted = false;
    char quote = 0;
    for (int i = 0; i < args.length(); i++) {
      char c = args.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quoted = false;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        quoted = true;
        quote = c;
      } else if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        comma = i;
      }
    }
    return comma;
  }

  private static boolean isIdentifier(String token) {
    char first = token.charAt(0);
    return Character.isLetter(first) || first == '_' || first == ':';
  }

  /** Identifiers, punctuation; strings, numbers, durations and Grafana variables are dropped. */
  static List<String> tokens(String expression) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < expression.length()) {
      char c = expression.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < expression.length() && expression.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(expression, i);
      } else if (c == '$') {
        i = endOfVariable(expression, i);
      } else if (Character.isDigit(c) || c == '.' && i + 1 < expression.length() && Character.isDigit(expression.charAt(i + 1))) {
        i = endOfNumber(expression, i);
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i))
            || expression.charAt(i) == '_' || expression.charAt(i) == ':')) {
          i++;
        }
        tokens.add(expression.substring(start, i));
      } else {
        tokens.add(String.valueOf(c));
        i++;
      }
    }
    return tokens;
  }

  private static int endOfString(String s, int start) {
    char quote = s.charAt(start);
    for (int i = start + 1; i < s.length(); i++) {
      if (s.charAt(i) == '\\' && quote != '`') {
        i++;
      } else if (s.charAt(i) == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated string in " + s);
  }

  /** {@code $name}, {@code ${name}} or {@code ${name:format}}. */
  private static int endOfVariable(String s, int start) {
    int i = start + 1;
    if (i < s.length() && s.charAt(i) == '{') {
      int close = s.indexOf('}', i);
      return close < 0 ? s.length() : close + 1;
    }
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    return i;
  }

  /** Numbers (1, 0.5, 1e-3, 0x1f) and durations (5m, 1h30m): digits, letters, dots, an exponent's sign. */
  private static int endOfNumber(String s, int start) {
    int i = start;
    while (i < s.length()) {
      char c = s.charAt(i);
      boolean exponentSign = (c == '-' || c == '+') && i > start && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')
          && !s.substring(start, i).startsWith("0x");
      if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
        i++;
      } else {
        break;
      }
    }
    return i;
  }
}
