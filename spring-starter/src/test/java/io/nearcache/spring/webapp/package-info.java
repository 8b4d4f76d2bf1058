/** A small web application on the starter, for end-to-end tests against real memcached. */
package io.nearcache.spring.webapp;
