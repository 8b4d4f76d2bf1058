/** A linearizability checker (Wing–Gong/Lowe search) for histories of one key's register. */
package io.nearcache.jcache.linearizability;
