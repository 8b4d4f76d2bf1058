package io.nearcache.jcache.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.lang.reflect.Proxy;

/**
 * Resolves the classes of a serialized stream with a given class loader (the cache manager's),
 * falling back to the default resolution. Classes are loaded without being initialized, so no
 * static initializer runs before a stream filter has accepted the class.
 */
final class ClassLoaderObjectInputStream extends ObjectInputStream {
  private final ClassLoader loader;

  ClassLoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
    super(in);
    this.loader = loader;
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc)
      throws IOException, ClassNotFoundException {
    try {
      return Class.forName(desc.getName(), false, loader);
    } catch (ClassNotFoundException e) {
      return super.resolveClass(desc);
    }
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces)
      throws IOException, ClassNotFoundException {
    Class<?>[] types = new Class<?>[interfaces.length];
    for (int i = 0; i < interfaces.length; i++) {
      types[i] = Class.forName(interfaces[i], false, loader);
    }
    @SuppressWarnings("deprecation")
    Class<?> proxy = Proxy.getProxyClass(loader, types);
    return proxy;
  }
}
