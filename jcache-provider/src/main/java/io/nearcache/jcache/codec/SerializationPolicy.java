package io.nearcache.jcache.codec;

import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What one cache may serialize: the allowlist, the JVM-wide filter when one is set, and the limits
 * on a graph. Checked on write, so that a value no JVM could read back is refused at once, and on
 * read, through a stream filter that rejects a class before any of its code runs.
 */
final class SerializationPolicy {
  /**
   * No legitimate array in a stream has more elements than a small multiple of the stream's bytes:
   * each element takes at least one byte, and the JDK's hash tables allocate at most a few slots
   * per mapping. Bounding array lengths by the input keeps a short hostile stream from allocating a
   * huge array.
   */
  private static final int ARRAY_ELEMENTS_PER_BYTE = 8;

  private static final int ARRAY_ELEMENTS_SLACK = 64;

  private final String cacheName;
  private final String patterns;
  private final SerializationCodec.Limits limits;
  private final ObjectInputFilter allowFilter;
  private final ObjectInputFilter jvmFilter;

  SerializationPolicy(String cacheName, String allowlist, SerializationCodec.Limits limits) {
    this.cacheName = cacheName;
    this.patterns = normalize(allowlist);
    this.limits = limits;
    this.allowFilter =
        ObjectInputFilter.Config.createFilter(patterns.isEmpty() ? "!*" : patterns + ";!*");
    this.jvmFilter = ObjectInputFilter.Config.getSerialFilter();
  }

  /**
   * Checks and normalizes class patterns: separators {@code ;} or {@code ,}, blanks ignored.
   *
   * @throws IllegalArgumentException naming the pattern that is malformed or is a limit
   */
  static String normalize(String patterns) {
    List<String> kept = new ArrayList<>();
    for (String raw : patterns.split("[;,]")) {
      String pattern = raw.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      if (pattern.indexOf('=') >= 0 || pattern.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "Serialization allowlist entry '"
                + pattern
                + "' is not a class pattern; use a class name, package.* for a package or"
                + " package.** for a package and its subpackages (limits are configured"
                + " separately)");
      }
      ObjectInputFilter.Config.createFilter(pattern); // throws on a malformed pattern
      kept.add(pattern);
    }
    return String.join(";", kept);
  }

  /** The bounds on one graph. */
  SerializationCodec.Limits limits() {
    return limits;
  }

  /** The normalized patterns. */
  String patterns() {
    return patterns;
  }

  /**
   * Serializes a value, then refuses it when it contains an instance of a class outside the
   * allowlist. The check comes after writing: a stream that fails midway writes its own exception
   * into the stream, whose classes must not be mistaken for the value's.
   *
   * @throws IllegalArgumentException naming the first class that is not allowed
   */
  void write(Object value, OutputStream out) throws IOException {
    List<Class<?>> written = new ArrayList<>();
    try (ObjectOutputStream stream = new RecordingObjectOutputStream(out, written)) {
      stream.writeObject(value);
    }
    for (Class<?> type : written) {
      if (check(new ClassOnly(type)) == ObjectInputFilter.Status.REJECTED) {
        throw new IllegalArgumentException(
            notAllowed(type, "cannot store a value that contains an instance of")
                + "; otherwise no JVM could read the value back");
      }
    }
  }

  /** A fresh filter for reading one stream of {@code inputBytes}. */
  ReadFilter newReadFilter(int inputBytes) {
    return new ReadFilter(inputBytes);
  }

  /** Whether the allowlist and the JVM-wide filter, if any, accept what the info describes. */
  private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
    ObjectInputFilter.Status status = allowFilter.checkInput(info);
    if (status != ObjectInputFilter.Status.REJECTED && jvmFilter != null) {
      ObjectInputFilter.Status jvm = jvmFilter.checkInput(info);
      if (jvm == ObjectInputFilter.Status.REJECTED) {
        return jvm;
      }
    }
    return status;
  }

  private String notAllowed(Class<?> type, String verb) {
    Class<?> element = type;
    while (element.isArray()) {
      element = element.getComponentType();
    }
    String name = element.getName();
    return "Cache "
        + cacheName
        + " "
        + verb
        + " "
        + name
        + ": the class is not in the cache's serialization allowlist ["
        + patterns
        + "]"
        + (jvmFilter == null ? "" : " or is rejected by the JVM-wide filter (jdk.serialFilter)")
        + ". To allow it, add it to "
        + SerializationCodec.allowKey(cacheName)
        + " (a class name such as "
        + name
        + ", package.* for a package, package.** with subpackages)";
  }

  /** Records the class of each descriptor written, superclasses and array types included. */
  private static final class RecordingObjectOutputStream extends ObjectOutputStream {
    private final List<Class<?>> written;

    RecordingObjectOutputStream(OutputStream out, List<Class<?>> written) throws IOException {
      super(out);
      this.written = written;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      written.add(type);
    }

    @Override
    protected void annotateProxyClass(Class<?> type) {
      written.add(type);
    }
  }

  /** The filter of one read: limits first, then the classes; remembers why it rejected. */
  final class ReadFilter implements ObjectInputFilter {
    private final int inputBytes;
    private final long maxArrayLength;
    private String rejection;

    private ReadFilter(int inputBytes) {
      this.inputBytes = inputBytes;
      this.maxArrayLength = (long) inputBytes * ARRAY_ELEMENTS_PER_BYTE + ARRAY_ELEMENTS_SLACK;
    }

    /** Why the filter rejected something in the stream, or {@code null} when it did not. */
    String rejection() {
      return rejection;
    }

    @Override
    public Status checkInput(FilterInfo info) {
      if (info.depth() > limits.maxDepth()) {
        return reject("object graph depth " + info.depth(), limits.maxDepth());
      }
      if (info.references() > limits.maxReferences()) {
        return reject(info.references() + " object references", limits.maxReferences());
      }
      if (info.streamBytes() > limits.maxBytes()) {
        return reject(info.streamBytes() + " stream bytes", limits.maxBytes());
      }
      if (info.arrayLength() > maxArrayLength) {
        return reject("an array of " + info.arrayLength() + " elements", maxArrayLength);
      }
      Class<?> type = info.serialClass();
      if (type == null) {
        return Status.UNDECIDED;
      }
      Status status = check(info);
      if (status == Status.REJECTED && rejection == null) {
        rejection = notAllowed(type, "refused to deserialize an instance of");
      }
      return status;
    }

    private Status reject(String what, long limit) {
      if (rejection == null) {
        rejection =
            "Cache "
                + cacheName
                + " refused to deserialize a value of "
                + inputBytes
                + " bytes: "
                + what
                + " exceeds the limit of "
                + limit;
      }
      return Status.REJECTED;
    }
  }

  /** The question "is this class allowed?" asked outside a stream. */
  private record ClassOnly(Class<?> serialClass) implements ObjectInputFilter.FilterInfo {
    @Override
    public long arrayLength() {
      return -1;
    }

    @Override
    public long depth() {
      return 1;
    }

    @Override
    public long references() {
      return 0;
    }

    @Override
    public long streamBytes() {
      return 0;
    }
  }
}
