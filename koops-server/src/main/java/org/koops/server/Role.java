package org.koops.server;

import java.util.EnumSet;
import java.util.Set;

/** The role of an API token: the permissions it grants. Lower-case as typed in {@code koops token create --role}. */
enum Role {
    /** A person who may only look, when reading needs a login. */
    read(EnumSet.of(Permission.READ)),
    /** A machine that sends its logs. */
    submit(EnumSet.of(Permission.SUBMIT)),
    /** A person who triages: everything. */
    admin(EnumSet.allOf(Permission.class));

    final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = permissions;
    }
}
