package io.nearcache.jcache.codec;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The default codec: a type tag byte, then either a compact form for the common types or a Java
 * serialization stream that is read through an allowlist.
 *
 * <table>
 *   <caption>Encoded forms</caption>
 *   <tr><th>tag</th><th>type</th><th>body</th></tr>
 *   <tr><td>0</td><td>{@code null}</td><td>none</td></tr>
 *   <tr><td>1</td><td>{@link String}</td><td>UTF-8</td></tr>
 *   <tr><td>2</td><td>{@code byte[]}</td><td>the bytes</td></tr>
 *   <tr><td>3</td><td>{@link Integer}</td><td>4 bytes, big-endian</td></tr>
 *   <tr><td>4</td><td>{@link Long}</td><td>8 bytes, big-endian</td></tr>
 *   <tr><td>5</td><td>{@link Double}</td><td>8 bytes, {@link Double#doubleToLongBits}</td></tr>
 *   <tr><td>6</td><td>{@link Boolean}</td><td>1 byte, 0 or 1</td></tr>
 *   <tr><td>16</td><td>anything else</td><td>a Java serialization stream</td></tr>
 * </table>
 *
 * <p>Deserialization goes through an {@link ObjectInputFilter} that allows only the classes
 * matching the cache's allowlist and bounds the graph depth, the number of references, the stream
 * size and array lengths. A class that is not allowed is rejected as soon as its descriptor is
 * read, before any of its code (static initializer, {@code readObject}, {@code readResolve}) runs.
 * Encoding checks the same allowlist, so a value that no JVM could read back is refused when it is
 * written rather than failing every later read. A JVM-wide filter ({@code jdk.serialFilter}), when
 * set, must accept a class as well.
 *
 * <p>Equal strings, numbers, enums and records of them encode to equal bytes, which is what keys
 * need. Hash-based collections may serialize equal contents in different orders: do not use them as
 * keys.
 */
public final class SerializationCodec implements ValueCodec {
  /** The id of this codec in envelopes. */
  public static final byte ID = 1;

  /** The per-cache setting that adds patterns to the allowlist. */
  public static final String ALLOW_KEY_SUFFIX = "serialization.allow";

  /**
   * Classes every cache may deserialize: {@code java.lang}, {@code java.util} with its {@code
   * concurrent}, {@code concurrent.atomic} and {@code concurrent.locks} packages ({@code
   * ConcurrentHashMap} writes locks into its stream), {@code java.math}, {@code java.time} with its
   * subpackages, {@link java.net.URI}, and arrays of these and of primitives. Deliberately absent:
   * {@code java.net.URL} (its {@code hashCode} resolves host names), {@code java.lang.invoke}
   * (serialized lambdas) and {@code java.lang.reflect} (proxies).
   */
  public static final String DEFAULT_ALLOWLIST =
      "java.lang.*;java.util.*;java.util.concurrent.*;java.util.concurrent.atomic.*;"
          + "java.util.concurrent.locks.*;java.math.*;java.time.**;java.net.URI";

  static final byte TAG_NULL = 0;
  static final byte TAG_STRING = 1;
  static final byte TAG_BYTES = 2;
  static final byte TAG_INT = 3;
  static final byte TAG_LONG = 4;
  static final byte TAG_DOUBLE = 5;
  static final byte TAG_BOOLEAN = 6;
  static final byte TAG_SERIALIZED = 16;

  /**
   * Bounds on one deserialized graph, applied by the stream filter on read; a value whose stream
   * exceeds {@code maxBytes} is also refused on write.
   *
   * @param maxDepth the deepest nesting of objects
   * @param maxReferences the most objects and back-references in one stream
   * @param maxBytes the longest stream, in bytes
   */
  public record Limits(int maxDepth, long maxReferences, long maxBytes) {
    /** Depth 100, one million references, 16 MiB. */
    public static final Limits DEFAULT = new Limits(100, 1_000_000, 16L << 20);

    /** Checks that every bound is positive. */
    public Limits {
      if (maxDepth <= 0 || maxReferences <= 0 || maxBytes <= 0) {
        throw new IllegalArgumentException(
            "Serialization limits must be positive: maxDepth="
                + maxDepth
                + ", maxReferences="
                + maxReferences
                + ", maxBytes="
                + maxBytes);
      }
    }
  }

  private final String cacheName;
  private final ClassLoader classLoader;
  private final SerializationPolicy policy;

  /**
   * Creates a codec with the default limits.
   *
   * @param cacheName the cache, named in error messages
   * @param classLoader resolves the classes of serialized values
   * @param allowlist the complete allowlist: {@link ObjectInputFilter} class patterns separated by
   *     {@code ;} or {@code ,}, e.g. {@code allowlist("com.example.**")}
   */
  public SerializationCodec(String cacheName, ClassLoader classLoader, String allowlist) {
    this(cacheName, classLoader, allowlist, Limits.DEFAULT);
  }

  /**
   * Creates a codec.
   *
   * @param cacheName the cache, named in error messages
   * @param classLoader resolves the classes of serialized values
   * @param allowlist the complete allowlist of class patterns, see {@link #allowlist(String)}
   * @param limits the bounds on one deserialized graph
   * @throws IllegalArgumentException when a pattern is malformed or is a limit ({@code maxdepth=})
   */
  public SerializationCodec(
      String cacheName, ClassLoader classLoader, String allowlist, Limits limits) {
    this.cacheName = requireNonNull(cacheName);
    this.classLoader = requireNonNull(classLoader);
    this.policy =
        new SerializationPolicy(cacheName, requireNonNull(allowlist), requireNonNull(limits));
  }

  /** Creates a codec that allows {@link #DEFAULT_ALLOWLIST} and nothing else. */
  public static SerializationCodec withDefaults(String cacheName, ClassLoader classLoader) {
    return new SerializationCodec(cacheName, classLoader, DEFAULT_ALLOWLIST);
  }

  /**
   * Returns the default allowlist extended with the given patterns, which come first so that a
   * {@code !pattern} among them can also reject a default.
   *
   * @param additionalPatterns patterns separated by {@code ;} or {@code ,}; may be empty
   */
  public static String allowlist(String additionalPatterns) {
    String extra = SerializationPolicy.normalize(requireNonNull(additionalPatterns));
    return extra.isEmpty() ? DEFAULT_ALLOWLIST : extra + ";" + DEFAULT_ALLOWLIST;
  }

  /** The configuration key that extends the allowlist of one cache. */
  public static String allowKey(String cacheName) {
    return "nearcache.caches." + requireNonNull(cacheName) + "." + ALLOW_KEY_SUFFIX;
  }

  /** The allowlist this codec applies, normalized. */
  public String allowlistPatterns() {
    return policy.patterns();
  }

  @Override
  public byte id() {
    return ID;
  }

  @Override
  public byte[] encode(Object value) {
    if (value == null) {
      return new byte[] {TAG_NULL};
    }
    Class<?> type = value.getClass();
    if (type == String.class) {
      String text = (String) value;
      if (!hasUnpairedSurrogate(text)) {
        return tagged(TAG_STRING, text.getBytes(StandardCharsets.UTF_8));
      }
      // UTF-8 cannot carry a lone surrogate; serialization's modified UTF-8 keeps it exactly.
    } else if (type == byte[].class) {
      return tagged(TAG_BYTES, (byte[]) value);
    } else if (type == Integer.class) {
      return tagged(TAG_INT, (Integer) value);
    } else if (type == Long.class) {
      return tagged(TAG_LONG, (Long) value);
    } else if (type == Double.class) {
      long bits = Double.doubleToLongBits((Double) value);
      return tagged(TAG_DOUBLE, bits);
    } else if (type == Boolean.class) {
      return new byte[] {TAG_BOOLEAN, (byte) ((Boolean) value ? 1 : 0)};
    }
    return serialize(value);
  }

  @Override
  public Object decode(byte[] bytes) {
    requireNonNull(bytes);
    if (bytes.length == 0) {
      throw new CodecException("Cache " + cacheName + " cannot decode an empty value");
    }
    byte tag = bytes[0];
    switch (tag) {
      case TAG_NULL:
        expectLength(bytes, 1, "null");
        return null;
      case TAG_STRING:
        return decodeUtf8(bytes);
      case TAG_BYTES:
        return Arrays.copyOfRange(bytes, 1, bytes.length);
      case TAG_INT:
        expectLength(bytes, 5, "an Integer");
        return BigEndian.getInt(bytes, 1);
      case TAG_LONG:
        expectLength(bytes, 9, "a Long");
        return BigEndian.getLong(bytes, 1);
      case TAG_DOUBLE:
        expectLength(bytes, 9, "a Double");
        return Double.longBitsToDouble(BigEndian.getLong(bytes, 1));
      case TAG_BOOLEAN:
        expectLength(bytes, 2, "a Boolean");
        if (bytes[1] != 0 && bytes[1] != 1) {
          throw new CodecException(
              "Cache " + cacheName + " cannot decode a Boolean from byte " + bytes[1]);
        }
        return bytes[1] == 1;
      case TAG_SERIALIZED:
        return deserialize(bytes);
      default:
        throw new CodecException(
            "Cache "
                + cacheName
                + " cannot decode a value of "
                + bytes.length
                + " bytes: unknown type tag "
                + tag);
    }
  }

  private static byte[] tagged(byte tag, byte[] body) {
    byte[] out = new byte[body.length + 1];
    out[0] = tag;
    System.arraycopy(body, 0, out, 1, body.length);
    return out;
  }

  private static boolean hasUnpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private String decodeUtf8(byte[] bytes) {
    if (BigEndian.isAscii(bytes, 1)) {
      // ASCII is valid UTF-8 that decodes byte for byte: one copy instead of a decoder, a char
      // buffer and a compaction.
      return new String(bytes, 1, bytes.length - 1, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 1, bytes.length - 1))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException(
          "Cache "
              + cacheName
              + " cannot decode a String of "
              + (bytes.length - 1)
              + " bytes: not valid UTF-8",
          e);
    }
  }

  private static byte[] tagged(byte tag, int value) {
    byte[] bytes = new byte[1 + Integer.BYTES];
    bytes[0] = tag;
    BigEndian.putInt(bytes, 1, value);
    return bytes;
  }

  private static byte[] tagged(byte tag, long value) {
    byte[] bytes = new byte[1 + Long.BYTES];
    bytes[0] = tag;
    BigEndian.putLong(bytes, 1, value);
    return bytes;
  }

  private void expectLength(byte[] bytes, int expected, String what) {
    if (bytes.length != expected) {
      throw new CodecException(
          "Cache "
              + cacheName
              + " cannot decode "
              + what
              + " from "
              + bytes.length
              + " bytes; expected "
              + expected);
    }
  }

  private byte[] serialize(Object value) {
    String className = value.getClass().getName();
    if (!(value instanceof Serializable)) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " cannot store an instance of "
              + className
              + " in the remote tier: it is not Serializable. Make the class Serializable, or"
              + " configure a codec that can encode it");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    bytes.write(TAG_SERIALIZED);
    try {
      policy.write(value, bytes);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " cannot store an instance of "
              + className
              + " in the remote tier: it refers to an instance of "
              + e.getMessage()
              + ", which is not Serializable",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cache "
              + cacheName
              + " cannot serialize an instance of "
              + className
              + " for the remote tier: "
              + e,
          e);
    }
    long maxBytes = policy.limits().maxBytes();
    if (bytes.size() - 1 > maxBytes) {
      throw new EntryTooLargeException(
          "Cache "
              + cacheName
              + " cannot store an instance of "
              + className
              + " remotely: it serializes to "
              + (bytes.size() - 1)
              + " bytes, above the limit of "
              + maxBytes
              + " bytes that readers accept",
          bytes.size() - 1,
          maxBytes);
    }
    return bytes.toByteArray();
  }

  private Object deserialize(byte[] bytes) {
    SerializationPolicy.ReadFilter filter = policy.newReadFilter(bytes.length);
    ByteArrayInputStream source = new ByteArrayInputStream(bytes, 1, bytes.length - 1);
    Object value;
    try (ObjectInputStream in = new ClassLoaderObjectInputStream(source, classLoader)) {
      in.setObjectInputFilter(filter);
      value = in.readObject();
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      if (filter.rejection() != null) {
        throw new CodecException(filter.rejection(), e);
      }
      throw new CodecException(
          "Cache " + cacheName + " cannot deserialize a value of " + bytes.length + " bytes: " + e,
          e);
    }
    if (filter.rejection() != null) {
      // A readObject method swallowed the rejection; the graph is incomplete either way.
      throw new CodecException(filter.rejection());
    }
    if (source.available() > 0) {
      throw new CodecException(
          "Cache "
              + cacheName
              + " cannot deserialize a value of "
              + bytes.length
              + " bytes: "
              + source.available()
              + " bytes follow the serialized object");
    }
    return value;
  }
}
