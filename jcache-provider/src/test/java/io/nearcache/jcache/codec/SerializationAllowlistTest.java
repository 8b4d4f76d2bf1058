package io.nearcache.jcache.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Deserialization of untrusted bytes: anyone who can write to memcached can plant a payload, so a
 * class outside the cache's allowlist is rejected before any of its code runs, and the limits stop
 * graphs that would exhaust the stack or the heap.
 */
class SerializationAllowlistTest {
  private static final ClassLoader LOADER = SerializationAllowlistTest.class.getClassLoader();
  private static final String GADGETS = SerializationAllowlistTest.class.getName() + "$*";

  private final SerializationCodec strict = SerializationCodec.withDefaults("orders", LOADER);
  private final SerializationCodec permissive =
      new SerializationCodec("orders", LOADER, SerializationCodec.allowlist(GADGETS));

  @Test
  void gadgetWithReadObjectIsRejectedBeforeItRuns() {
    byte[] planted = permissive.encode(new ReadObjectGadget());
    Flags.readObjectRan = false;

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));

    assertFalse(Flags.readObjectRan, "readObject of a rejected class ran");
    assertRejectionExplains(e, ReadObjectGadget.class);
    permissive.decode(planted);
    assertTrue(Flags.readObjectRan, "the gadget is not a gadget: its readObject never runs");
  }

  @Test
  void gadgetWithReadResolveIsRejectedBeforeItRuns() {
    byte[] planted = permissive.encode(new ReadResolveGadget());
    Flags.readResolveRan = false;

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));

    assertFalse(Flags.readResolveRan, "readResolve of a rejected class ran");
    assertRejectionExplains(e, ReadResolveGadget.class);
    permissive.decode(planted);
    assertTrue(Flags.readResolveRan, "the gadget is not a gadget: its readResolve never runs");
  }

  /**
   * The class is loaded to be checked, but not initialized: its static initializer must not run.
   * The bytes are made from a twin class and renamed, so this JVM never initializes the gadget
   * before the decode.
   */
  @Test
  void gadgetWithStaticInitializerIsRejectedBeforeItIsInitialized() {
    byte[] twin = permissive.encode(new StaticInitTwiA());
    byte[] planted = SerializationCodecTest.replace(twin, "StaticInitTwiA", "StaticInitGadg");
    Flags.staticInitializerRan = false;

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));

    assertFalse(Flags.staticInitializerRan, "static initializer of a rejected class ran");
    assertTrue(e.getMessage().contains("StaticInitGadg"), e.getMessage());
    permissive.decode(planted);
    assertTrue(Flags.staticInitializerRan, "the gadget is not a gadget: never initialized");
  }

  @Test
  void gadgetNestedInAllowedCollectionIsRejected() {
    Map<String, Object> map = new HashMap<>();
    map.put("innocent", List.of(1, 2));
    map.put("payload", new ArrayList<>(List.of(new ReadObjectGadget())));
    byte[] planted = permissive.encode(map);
    Flags.readObjectRan = false;

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));

    assertFalse(Flags.readObjectRan);
    assertRejectionExplains(e, ReadObjectGadget.class);
  }

  @Test
  void gadgetSubclassingAnAllowedClassIsRejected() {
    GadgetList list = new GadgetList();
    list.add("x");
    byte[] planted = permissive.encode(list);
    Flags.readObjectRan = false;

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));

    assertFalse(Flags.readObjectRan);
    assertRejectionExplains(e, GadgetList.class);
  }

  @Test
  void arrayOfADisallowedClassIsRejected() {
    byte[] planted = permissive.encode(new ReadObjectGadget[] {new ReadObjectGadget()});
    CodecException e = assertThrows(CodecException.class, () -> strict.decode(planted));
    assertRejectionExplains(e, ReadObjectGadget.class);
  }

  @Test
  void disallowedValueIsRefusedWhenWrittenNotWhenFirstRead() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> strict.encode(new ReadResolveGadget()));
    assertTrue(e.getMessage().contains(ReadResolveGadget.class.getName()), e.getMessage());
    assertTrue(
        e.getMessage().contains("nearcache.caches.orders.serialization.allow"), e.getMessage());
  }

  @Test
  void addedPatternsAllowApplicationClasses() {
    SerializationCodec codec =
        new SerializationCodec(
            "orders", LOADER, SerializationCodec.allowlist(Order.class.getName()));
    Order order = new Order("o-1", 3);
    assertEquals(order, codec.decode(codec.encode(order)));
    assertEquals(List.of(order), codec.decode(codec.encode(new ArrayList<>(List.of(order)))));
  }

  @Test
  void addedPatternsComeFirstSoTheyCanRejectADefault() {
    SerializationCodec codec =
        new SerializationCodec(
            "orders", LOADER, SerializationCodec.allowlist("!java.util.PriorityQueue"));
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new PriorityQueue<>()));
    byte[] planted = strict.encode(new PriorityQueue<>(List.of(1)));
    assertThrows(CodecException.class, () -> codec.decode(planted));
    assertEquals(List.of(1), codec.decode(codec.encode(new ArrayList<>(List.of(1)))));
  }

  @Test
  void allowlistAcceptsSemicolonsCommasAndBlanks() {
    String list = SerializationCodec.allowlist(" com.example.** , com.other.Type;; ");
    assertEquals("com.example.**;com.other.Type;" + SerializationCodec.DEFAULT_ALLOWLIST, list);
    assertEquals(SerializationCodec.DEFAULT_ALLOWLIST, SerializationCodec.allowlist(""));
    assertEquals(
        "java.base/*;com.example.**",
        new SerializationCodec("c", LOADER, "java.base/*;com.example.**").allowlistPatterns());
  }

  @Test
  void allowlistRefusesLimitsAndMalformedPatterns() {
    IllegalArgumentException limit =
        assertThrows(
            IllegalArgumentException.class, () -> SerializationCodec.allowlist("maxdepth=5"));
    assertTrue(limit.getMessage().contains("maxdepth=5"), limit.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> SerializationCodec.allowlist("com.example Foo"));
    assertThrows(IllegalArgumentException.class, () -> SerializationCodec.allowlist("/*"));
  }

  @Test
  void emptyAllowlistRejectsEveryClassButKeepsTheCompactForms() {
    SerializationCodec none = new SerializationCodec("orders", LOADER, "");
    assertEquals("text", none.decode(none.encode("text")));
    assertEquals(7L, none.decode(none.encode(7L)));
    assertThrows(CodecException.class, () -> none.decode(strict.encode(new ArrayList<>())));
  }

  @Test
  void deepGraphIsRejectedByTheDepthLimit() {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 0; i < 150; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    byte[] deep = strict.encode(root);
    CodecException e = assertThrows(CodecException.class, () -> strict.decode(deep));
    assertTrue(e.getMessage().contains("depth"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 100"), e.getMessage());

    SerializationCodec deeper =
        new SerializationCodec(
            "orders",
            LOADER,
            SerializationCodec.DEFAULT_ALLOWLIST,
            new SerializationCodec.Limits(1000, 1_000_000, 1 << 20));
    assertEquals(root, deeper.decode(deep));
  }

  @Test
  void manyReferencesAreRejectedByTheReferenceLimit() {
    SerializationCodec codec =
        new SerializationCodec(
            "orders",
            LOADER,
            SerializationCodec.DEFAULT_ALLOWLIST,
            new SerializationCodec.Limits(100, 500, 1 << 20));
    List<Integer> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(i);
    }
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(codec.encode(many)));
    assertTrue(e.getMessage().contains("object references"), e.getMessage());
  }

  @Test
  void longStreamIsRejectedByTheByteLimit() {
    SerializationCodec codec =
        new SerializationCodec(
            "orders",
            LOADER,
            SerializationCodec.DEFAULT_ALLOWLIST,
            new SerializationCodec.Limits(100, 1000, 1000));
    List<Object> big = new ArrayList<>(List.of(new byte[5000], 1));
    CodecException e = assertThrows(CodecException.class, () -> codec.decode(strict.encode(big)));
    assertTrue(e.getMessage().contains("stream bytes"), e.getMessage());
  }

  @Test
  void valueAboveTheByteLimitIsRefusedWhenWritten() {
    SerializationCodec codec =
        new SerializationCodec(
            "orders",
            LOADER,
            SerializationCodec.DEFAULT_ALLOWLIST,
            new SerializationCodec.Limits(100, 1000, 1000));
    EntryTooLargeException e =
        assertThrows(
            EntryTooLargeException.class,
            () -> codec.encode(new ArrayList<>(List.of(new byte[5000]))));
    assertEquals(1000, e.limitBytes());
    assertTrue(e.sizeBytes() > 5000);
    assertTrue(e.getMessage().contains("java.util.ArrayList"), e.getMessage());
    assertEquals(List.of(1), codec.decode(codec.encode(new ArrayList<>(List.of(1)))));
  }

  /** A 100-byte stream must not be able to make the reader allocate a 400 MB array. */
  @Test
  void arrayLengthBeyondWhatTheInputCanHoldIsRejectedBeforeAllocation() throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write(SerializationCodec.TAG_SERIALIZED);
    try (ObjectOutputStream out = new ObjectOutputStream(raw)) {
      out.writeObject(new int[10]);
    }
    byte[] bytes = raw.toByteArray();
    int lengthOffset = bytes.length - 10 * Integer.BYTES - Integer.BYTES;
    assertEquals(10, ByteBuffer.wrap(bytes, lengthOffset, 4).getInt());
    ByteBuffer.wrap(bytes, lengthOffset, 4).putInt(100_000_000);

    CodecException e = assertThrows(CodecException.class, () -> strict.decode(bytes));
    assertTrue(e.getMessage().contains("array of 100000000 elements"), e.getMessage());
  }

  private static void assertRejectionExplains(CodecException e, Class<?> type) {
    String message = e.getMessage();
    assertTrue(message.contains(type.getName()), message);
    assertTrue(message.contains("orders"), message);
    assertTrue(message.contains("not in the cache's serialization allowlist"), message);
    assertTrue(message.contains("nearcache.caches.orders.serialization.allow"), message);
  }

  /** Set by the gadgets; a separate class so reading a flag initializes no gadget. */
  static final class Flags {
    static volatile boolean readObjectRan;
    static volatile boolean readResolveRan;
    static volatile boolean staticInitializerRan;

    private Flags() {}
  }

  static final class ReadObjectGadget implements Serializable {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      Flags.readObjectRan = true;
      in.defaultReadObject();
    }
  }

  static final class ReadResolveGadget implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      Flags.readResolveRan = true;
      return this;
    }
  }

  /** Never instantiated by the tests; only its renamed twin is. */
  static final class StaticInitGadg implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
      Flags.staticInitializerRan = true;
    }
  }

  /** Same shape and name length as {@link StaticInitGadg}. */
  static final class StaticInitTwiA implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static final class GadgetList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      Flags.readObjectRan = true;
      in.defaultReadObject();
    }
  }

  record Order(String id, int quantity) implements Serializable {}
}
