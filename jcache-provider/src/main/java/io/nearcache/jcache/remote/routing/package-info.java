/** Routing over zones: read order with fallback, write arbitration and replication with acknowledgements. */
package io.nearcache.jcache.remote.routing;
