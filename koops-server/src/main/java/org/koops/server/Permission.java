package org.koops.server;

import io.javalin.security.RouteRole;

/** What a caller may do; routes name the permission they need. */
enum Permission implements RouteRole {
    /** See bugs, crashes and logs: everyone with {@code --public-read}. */
    READ,
    /** Submit logs. */
    SUBMIT,
    /** Change a bug's status. */
    TRIAGE
}
