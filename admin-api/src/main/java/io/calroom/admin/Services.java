package io.calroom.admin;

import io.calroom.principal.PasswordHasher;
import io.calroom.schema.Database;

/** What the handlers work with. */
record Services(Database db, PasswordHasher hasher, String resourceDomain, DirectoryChangeListener listener) {
}
