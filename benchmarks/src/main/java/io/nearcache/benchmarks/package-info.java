/** JMH benchmarks that compare nearcache's near tier with ConcurrentHashMap and Caffeine. */
package io.nearcache.benchmarks;
