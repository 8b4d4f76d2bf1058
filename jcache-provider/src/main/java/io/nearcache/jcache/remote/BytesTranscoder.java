package io.nearcache.jcache.remote;

import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Stores bytes as they are: flags 0, no compression, no serialization. Values are encoded (as
 * envelopes) above the transport.
 */
public final class BytesTranscoder implements Transcoder<byte[]> {
  /** The one instance: it has no state. */
  public static final BytesTranscoder INSTANCE = new BytesTranscoder();

  private BytesTranscoder() {}

  @Override
  public boolean asyncDecode(CachedData data) {
    return false;
  }

  @Override
  public CachedData encode(byte[] value) {
    return new CachedData(0, value, getMaxSize());
  }

  @Override
  public byte[] decode(CachedData data) {
    return data.getData();
  }

  @Override
  public int getMaxSize() {
    // memcached enforces its own item limit (-I, 1 MiB by default) and answers SERVER_ERROR.
    return CachedData.MAX_SIZE;
  }
}
