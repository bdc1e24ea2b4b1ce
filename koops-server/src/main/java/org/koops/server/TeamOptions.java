package org.koops.server;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Option;

/** What {@code koops serve} tells other systems, how long it keeps logs, and who maintains what. */
final class TeamOptions {
    /** The variable holding the webhooks' signing key: never a command-line argument, which others can read. */
    static final String SECRET_VARIABLE = "KOOPS_WEBHOOK_SECRET";

    @Option(names = "--webhook", paramLabel = "URL",
            description = "POST a JSON event there on a new bug, a regression and a bug crossing its daily rate;"
                    + " retried until taken, signed with $" + SECRET_VARIABLE + " when set (repeatable).")
    List<URI> webhooks = new ArrayList<>();

    @Option(names = "--webhook-daily-crashes", paramLabel = "N", defaultValue = "100",
            description = "A bug with this many crashes in a day (UTC) is an event; 0 for never (default: ${DEFAULT-VALUE}).")
    int dailyCrashes;

    @Option(names = "--public-url", paramLabel = "URL",
            description = "The server's address as people reach it, for the links in webhook events and the Atom"
                    + " feed (default: http://ADDRESS:PORT).")
    URI publicUrl;

    @Option(names = "--keep-logs-days", paramLabel = "DAYS",
            description = "Delete the bytes of logs older than this (their crashes and bugs stay; default: keep).")
    Integer keepLogsDays;

    @Option(names = "--keep-logs-size", paramLabel = "MB",
            description = "Delete the bytes of the oldest logs beyond this much in all (default: keep).")
    Long keepLogsMegabytes;

    @Option(names = "--maintainers", paramLabel = "FILE",
            description = "The kernel's MAINTAINERS file: bug pages name the subsystem, maintainers and list of"
                    + " the guilty source file.")
    Path maintainers;

    Webhooks webhooks(String bind, int port) {
        for (URI url : webhooks) {
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw new IllegalArgumentException("--webhook must be an http:// or https:// URL, not " + url);
            }
        }
        if (dailyCrashes < 0) {
            throw new IllegalArgumentException("--webhook-daily-crashes must be 0 or more");
        }
        String base = publicUrl != null ? publicUrl.toString().replaceFirst("/+$", "") : "http://" + bind + ":" + port;
        String secret = System.getenv(SECRET_VARIABLE);
        return new Webhooks(List.copyOf(webhooks), secret == null || secret.isEmpty() ? null : secret, dailyCrashes,
                Duration.ofSeconds(30), base);
    }

    ServerConfig.Retention retention() {
        if (keepLogsDays != null && keepLogsDays < 1 || keepLogsMegabytes != null && keepLogsMegabytes < 1) {
            throw new IllegalArgumentException("--keep-logs-days and --keep-logs-size must be at least 1");
        }
        return new ServerConfig.Retention(keepLogsDays == null ? null : Duration.ofDays(keepLogsDays),
                keepLogsMegabytes == null ? 0 : keepLogsMegabytes << 20);
    }

    Path maintainers() {
        if (maintainers != null && !Files.isReadable(maintainers)) {
            throw new IllegalArgumentException("cannot read " + maintainers);
        }
        return maintainers;
    }
}
