package org.koops.server;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who sent a request: a token (by its bearer header or by a session opened with it) or nobody.
 *
 * @param name the token's name, or {@code null} for an anonymous caller
 */
record Caller(Long tokenId, String name, Set<Permission> permissions) {
    static Caller anonymous(boolean publicRead) {
        return new Caller(null, null, publicRead ? EnumSet.of(Permission.READ) : EnumSet.noneOf(Permission.class));
    }

    static Caller of(Tokens.Token token, boolean publicRead) {
        Set<Permission> permissions = EnumSet.copyOf(token.role().permissions);
        if (publicRead) {
            permissions.add(Permission.READ);
        }
        return new Caller(token.id(), token.name(), permissions);
    }

    boolean may(Permission p) {
        return permissions.contains(p);
    }

    boolean anonymous() {
        return tokenId == null;
    }
}
