/** The entities the tests cache: authors with their books. */
package io.nearcache.hibernate.model;
