package dev.fawkes.tf.model.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A read-only view of one FlatBuffers table: just enough of the format to read a TFLite model
 * without generated code. Fields are addressed by their id in the schema (declaration order).
 * Every read is bounds-checked by {@link ByteBuffer}, so a corrupt file fails with an exception
 * rather than reading outside the buffer.
 */
final class FlatTable {
  private final ByteBuffer buffer;
  private final int position;

  private FlatTable(ByteBuffer buffer, int position) {
    this.buffer = buffer;
    this.position = position;
  }

  /** The root table of a FlatBuffer. */
  static FlatTable root(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    return new FlatTable(buffer, buffer.getInt(0));
  }

  /** The file identifier: 4 bytes after the root offset. */
  static String identifier(byte[] bytes) {
    return bytes.length < 8 ? "" : new String(bytes, 4, 4, StandardCharsets.US_ASCII);
  }

  /** Offset of field {@code id} from the table start, or 0 if the field is absent. */
  private int field(int id) {
    int vtable = position - buffer.getInt(position);
    int vtableSize = Short.toUnsignedInt(buffer.getShort(vtable));
    int entry = 4 + 2 * id;
    return entry < vtableSize ? Short.toUnsignedInt(buffer.getShort(vtable + entry)) : 0;
  }

  boolean has(int id) {
    return field(id) != 0;
  }

  int getInt(int id, int fallback) {
    int o = field(id);
    return o == 0 ? fallback : buffer.getInt(position + o);
  }

  int getByte(int id, int fallback) {
    int o = field(id);
    return o == 0 ? fallback : buffer.get(position + o);
  }

  float getFloat(int id, float fallback) {
    int o = field(id);
    return o == 0 ? fallback : buffer.getFloat(position + o);
  }

  /** The table stored in field {@code id}, or null. */
  FlatTable table(int id) {
    int o = field(id);
    if (o == 0) {
      return null;
    }
    int p = position + o;
    return new FlatTable(buffer, p + buffer.getInt(p));
  }

  String string(int id) {
    int start = vectorStart(id);
    if (start < 0) {
      return null;
    }
    byte[] bytes = new byte[buffer.getInt(start - 4)];
    buffer.get(start, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Length of the vector in field {@code id}; 0 if absent. */
  int length(int id) {
    int start = vectorStart(id);
    return start < 0 ? 0 : buffer.getInt(start - 4);
  }

  int[] ints(int id) {
    int n = length(id);
    int start = vectorStart(id);
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = buffer.getInt(start + 4 * i);
    }
    return values;
  }

  /** Element {@code i} of a vector of tables. */
  FlatTable tableAt(int id, int i) {
    int element = vectorStart(id) + 4 * i;
    return new FlatTable(buffer, element + buffer.getInt(element));
  }

  /** The bytes of a [ubyte] vector, as a little-endian view; empty if absent. */
  ByteBuffer bytes(int id) {
    int start = vectorStart(id);
    if (start < 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    }
    return buffer.slice(start, buffer.getInt(start - 4)).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Position of the first element of the vector in field {@code id}, or -1. */
  private int vectorStart(int id) {
    int o = field(id);
    if (o == 0) {
      return -1;
    }
    int p = position + o;
    return p + buffer.getInt(p) + 4;
  }
}
