package io.nearcache.quarkus.deployment;

import io.nearcache.jcache.codec.SerializationCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;

/**
 * Finds the classes that the keys and values of each cache of {@code @CacheResult} methods are made
 * of: the return type (the item of a {@code Uni} or {@code CompletionStage}) and the key
 * parameters, their type arguments, array components, superclasses, the known implementations of
 * interfaces and abstract classes, and, for classes in the index, the types of their serialized
 * fields, transitively. Classes the provider always allows are left out.
 */
final class CachedTypeScanner {
  static final DotName CACHE_RESULT = DotName.createSimple("io.quarkus.cache.CacheResult");
  static final DotName CACHE_KEY = DotName.createSimple("io.quarkus.cache.CacheKey");

  /** The most classes followed from one cache, so a huge model cannot stall the build. */
  static final int MAX_CLASSES_PER_CACHE = 2_000;

  private static final Set<String> ASYNC_WRAPPERS =
      Set.of(
          "io.smallrye.mutiny.Uni",
          "java.util.concurrent.CompletionStage",
          "java.util.concurrent.CompletableFuture");

  private static final DotName OBJECT = DotName.createSimple("java.lang.Object");

  private final IndexView index;

  CachedTypeScanner(IndexView index) {
    this.index = index;
  }

  /** Class names per cache name, each list sorted. */
  Map<String, List<String>> scan() {
    Map<String, Set<DotName>> roots = new TreeMap<>();
    for (AnnotationInstance annotation : index.getAnnotations(CACHE_RESULT)) {
      if (annotation.target().kind() != AnnotationTarget.Kind.METHOD) {
        continue;
      }
      MethodInfo method = annotation.target().asMethod();
      String cacheName = annotation.value("cacheName").asString();
      Set<DotName> types = roots.computeIfAbsent(cacheName, n -> new HashSet<>());
      collect(unwrapAsync(method.returnType()), types);
      AnnotationValue keyGenerator = annotation.value("keyGenerator");
      if (keyGenerator == null) {
        for (Type key : keyTypes(method)) {
          collect(key, types);
        }
      }
    }
    Map<String, List<String>> result = new TreeMap<>();
    roots.forEach(
        (cache, types) -> {
          Set<String> names = close(types);
          if (!names.isEmpty()) {
            result.put(cache, List.copyOf(names));
          }
        });
    return result;
  }

  private static Type unwrapAsync(Type type) {
    if (type.kind() == Type.Kind.PARAMETERIZED_TYPE
        && ASYNC_WRAPPERS.contains(type.name().toString())) {
      return type.asParameterizedType().arguments().get(0);
    }
    return type;
  }

  /** The parameters that form the key: those marked {@code @CacheKey}, else all of them. */
  private static List<Type> keyTypes(MethodInfo method) {
    List<Type> marked = new ArrayList<>();
    for (MethodParameterInfo parameter : method.parameters()) {
      if (parameter.hasAnnotation(CACHE_KEY)) {
        marked.add(parameter.type());
      }
    }
    return marked.isEmpty() ? method.parameterTypes() : marked;
  }

  /** Adds the classes a declared type names, type arguments and array components included. */
  private static void collect(Type type, Set<DotName> into) {
    switch (type.kind()) {
      case CLASS:
        into.add(type.name());
        break;
      case PARAMETERIZED_TYPE:
        into.add(type.name());
        type.asParameterizedType().arguments().forEach(argument -> collect(argument, into));
        break;
      case ARRAY:
        collect(type.asArrayType().elementType(), into);
        break;
      case WILDCARD_TYPE:
        collect(type.asWildcardType().extendsBound(), into);
        break;
      case TYPE_VARIABLE:
        type.asTypeVariable().bounds().forEach(bound -> collect(bound, into));
        break;
      default:
        break; // primitives and void travel as boxes or not at all
    }
  }

  /** Follows superclasses, implementations and field types from the roots. */
  private Set<String> close(Set<DotName> roots) {
    Set<String> names = new TreeSet<>();
    Set<DotName> seen = new HashSet<>();
    Deque<DotName> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty() && seen.size() < MAX_CLASSES_PER_CACHE) {
      DotName name = pending.poll();
      if (!seen.add(name) || OBJECT.equals(name)) {
        continue;
      }
      String className = name.toString();
      if (!alwaysAllowed(className)) {
        names.add(className);
      }
      ClassInfo info = index.getClassByName(name);
      if (info == null) {
        continue;
      }
      if (info.superName() != null) {
        pending.add(info.superName());
      }
      if (java.lang.reflect.Modifier.isInterface(info.flags())) {
        index.getAllKnownImplementations(name).forEach(c -> pending.add(c.name()));
      } else if (java.lang.reflect.Modifier.isAbstract(info.flags())) {
        index.getAllKnownSubclasses(name).forEach(c -> pending.add(c.name()));
      }
      for (FieldInfo field : info.fields()) {
        if (serialized(field)) {
          Set<DotName> fieldTypes = new HashSet<>();
          collect(field.type(), fieldTypes);
          pending.addAll(fieldTypes);
        }
      }
    }
    return names;
  }

  private static boolean serialized(FieldInfo field) {
    int flags = field.flags();
    return !java.lang.reflect.Modifier.isStatic(flags)
        && !java.lang.reflect.Modifier.isTransient(flags);
  }

  /**
   * Classes in the provider's built-in allowlist ({@link SerializationCodec#DEFAULT_ALLOWLIST}).
   */
  static boolean alwaysAllowed(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    for (String pattern : SerializationCodec.DEFAULT_ALLOWLIST.split(";")) {
      boolean matches;
      if (pattern.endsWith(".**")) {
        matches = className.startsWith(pattern.substring(0, pattern.length() - 2));
      } else if (pattern.endsWith(".*")) {
        matches = pkg.equals(pattern.substring(0, pattern.length() - 2));
      } else {
        matches = className.equals(pattern);
      }
      if (matches) {
        return true;
      }
    }
    return false;
  }
}
