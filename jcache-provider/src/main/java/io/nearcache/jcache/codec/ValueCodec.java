package io.nearcache.jcache.codec;

/**
 * Turns keys and values into bytes for the remote tier and back. Implementations are thread-safe
 * and stateless per call. The {@link #id()} is written into every envelope, so a reader knows which
 * codec wrote an entry; ids are part of the stored format and never change meaning.
 *
 * <p>A codec used for keys must be deterministic: equal keys must encode to equal bytes, because
 * the bytes decide where in memcached a key lives.
 */
public interface ValueCodec {

  /** The identifier written into envelopes, unique among the codecs of a deployment. */
  byte id();

  /**
   * Encodes an object.
   *
   * @param value the object, possibly {@code null} when the codec supports it
   * @return the encoded bytes, never {@code null}
   * @throws IllegalArgumentException when the object cannot be encoded; the message names its class
   *     and what to change
   */
  byte[] encode(Object value);

  /**
   * Decodes bytes written by {@link #encode(Object)}.
   *
   * @param bytes the encoded bytes
   * @return the decoded object
   * @throws CodecException when the bytes are malformed or name a class that is not allowed; a
   *     codec never returns an object other than the one that was encoded
   */
  Object decode(byte[] bytes);
}
