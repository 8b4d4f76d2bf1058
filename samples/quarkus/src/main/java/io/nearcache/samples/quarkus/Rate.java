package io.nearcache.samples.quarkus;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * An exchange rate. Serializable so that it can travel to memcached; the build adds it to the
 * cache's serialization allowlist because {@code ExchangeRates.rate} returns it.
 *
 * @param from the currency converted from
 * @param to the currency converted to
 * @param value units of {@code to} per unit of {@code from}
 */
public record Rate(String from, String to, BigDecimal value) implements Serializable {}
