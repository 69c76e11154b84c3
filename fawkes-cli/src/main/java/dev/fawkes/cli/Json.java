package dev.fawkes.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for reports: maps, lists, records, strings, numbers, booleans and null.
 * {@code fawkes cloak --report} writes with it, and so do the measurement lab's reports.
 */
public final class Json {
  private Json() {}

  /** The value as indented JSON, with a final newline. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Map<?, ?> map) {
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        out.append(indent).append("  ");
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + "  ");
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
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
          out.append(", ");
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
