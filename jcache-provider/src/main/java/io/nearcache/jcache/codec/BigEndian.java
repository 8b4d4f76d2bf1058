package io.nearcache.jcache.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian integers read from and written into byte arrays in place, without wrapping the array
 * in a {@link java.nio.ByteBuffer}: the codecs run once per key of every remote read, and a
 * buffer per field is garbage the JIT does not always remove.
 */
final class BigEndian {
  private static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** Where any byte has its top bit set, one bit per byte of a word. */
  private static final long HIGH_BITS = 0x8080808080808080L;

  private BigEndian() {}

  /** The int at {@code offset}; throws {@link IndexOutOfBoundsException} past the end. */
  static int getInt(byte[] bytes, int offset) {
    return (int) INT.get(bytes, offset);
  }

  /** The long at {@code offset}; throws {@link IndexOutOfBoundsException} past the end. */
  static long getLong(byte[] bytes, int offset) {
    return (long) LONG.get(bytes, offset);
  }

  static void putInt(byte[] bytes, int offset, int value) {
    INT.set(bytes, offset, value);
  }

  static void putLong(byte[] bytes, int offset, long value) {
    LONG.set(bytes, offset, value);
  }

  /** Whether every byte from {@code from} to the end is ASCII (0 to 127), eight at a time. */
  static boolean isAscii(byte[] bytes, int from) {
    int i = from;
    for (int end = bytes.length - Long.BYTES; i <= end; i += Long.BYTES) {
      if (((long) LONG.get(bytes, i) & HIGH_BITS) != 0) {
        return false;
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        return false;
      }
    }
    return true;
  }
}
