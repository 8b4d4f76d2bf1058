/**
 * Live topology: server lists that change at run time ({@link
 * io.nearcache.jcache.remote.topology.ServerListSource}), a zone client whose ketama ring is rebuilt
 * without a restart, and the pre-warm that copies moved keys from the previous ring.
 */
package io.nearcache.jcache.remote.topology;
