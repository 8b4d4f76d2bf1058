/** Domain data regions and the read-write access whose soft locks hold across JVMs. */
package io.nearcache.hibernate.access;
