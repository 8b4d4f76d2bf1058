/** JMX: the configuration and statistics MXBeans under their standard names. */
package io.nearcache.jcache.management;
