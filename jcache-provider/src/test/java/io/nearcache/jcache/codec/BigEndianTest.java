package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BigEndianTest {
  @Test
  void readsAndWritesWhatByteBufferDoes() {
    byte[] bytes = new byte[13];
    BigEndian.putInt(bytes, 1, 0xCAFEBABE);
    BigEndian.putLong(bytes, 5, 0x0102030405060708L);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    assertEquals(0xCAFEBABE, buffer.getInt(1));
    assertEquals(0x0102030405060708L, buffer.getLong(5));
    assertEquals(0xCAFEBABE, BigEndian.getInt(bytes, 1));
    assertEquals(0x0102030405060708L, BigEndian.getLong(bytes, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> BigEndian.getLong(bytes, 6));
  }

  @Test
  void findsANonAsciiByteAtEveryPositionPastTheStart() {
    for (int length = 0; length <= 20; length++) {
      byte[] ascii = new byte[length];
      Arrays.fill(ascii, (byte) 'a');
      assertTrue(BigEndian.isAscii(ascii, 0), "length " + length);
      for (int at = 0; at < length; at++) {
        byte[] bytes = ascii.clone();
        bytes[at] = (byte) 0xC3;
        assertFalse(BigEndian.isAscii(bytes, 0), "length " + length + ", byte " + at);
        assertEquals(at < 1, BigEndian.isAscii(bytes, 1), "from 1, length " + length + ", " + at);
      }
    }
  }
}
