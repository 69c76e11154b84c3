package dev.fawkes.report;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for reports: maps, lists, records, strings, numbers, booleans and null.
 * Doubles are written with six significant digits, and non-finite ones as null. Stateless and
 * thread-safe.
 */
public final class Json {
  private Json() {}

  /**
   * The value as indented JSON, with a final newline.
   *
   * @param value a map, list, record, string, number, boolean or null; other objects are written
   *     as the string of their {@code toString()}
   * @return the JSON text
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  /**
   * The value as JSON on one line, without a final newline: a line of a JSON-lines file.
   *
   * @param value as for {@link #write(Object)}
   * @return the JSON text, with no line break in it
   */
  public static String line(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, null);
    return out.toString();
  }

  /** Writes one value; a null indent writes it on one line. */
  private static void write(Object value, StringBuilder out, String indent) {
    boolean pretty = indent != null;
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append(pretty ? "{\n" : "{");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        if (pretty) {
          out.append(indent).append("  ");
        }
        string(String.valueOf(e.getKey()), out);
        out.append(pretty ? ": " : ":");
        write(e.getValue(), out, pretty ? indent + "  " : null);
        out.append(it.hasNext() ? (pretty ? ",\n" : ",") : (pretty ? "\n" : ""));
      }
      if (pretty) {
        out.append(indent);
      }
      out.append('}');
    } else if (value instanceof Record record) {
      // A record is written as an object of its components, in declaration order.
      Map<String, Object> fields = new java.util.LinkedHashMap<>();
      for (java.lang.reflect.RecordComponent c : record.getClass().getRecordComponents()) {
        try {
          c.getAccessor().setAccessible(true);
          fields.put(c.getName(), c.getAccessor().invoke(record));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
      }
      write(fields, out, indent);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        write(list.get(i), out, indent);
        if (i < list.size() - 1) {
          out.append(pretty ? ", " : ",");
        }
      }
      out.append(']');
    } else if (value instanceof Double d) {
      out.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
