package io.nearcache.spring.webapp;

import java.io.Serializable;

/** A book, cached by value in memcached. */
public record Book(long id, String title) implements Serializable {}
