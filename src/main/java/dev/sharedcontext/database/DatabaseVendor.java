package dev.sharedcontext.database;

/**
 * The database engines the server runs on. The vendor is read from the URL once; the few
 * places whose SQL or behaviour differs per engine ask for it by name instead of testing
 * the URL themselves.
 */
public enum DatabaseVendor {

	/** One embedded file, one server process (the default). */
	SQLITE,

	/** A PostgreSQL server, shared by any number of replicas. */
	POSTGRESQL

}
