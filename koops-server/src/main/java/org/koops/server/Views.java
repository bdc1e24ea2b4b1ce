package org.koops.server;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The records the pages and the JSON API show: one shape for both, so that the API holds everything a
 * page shows. Times are UTC instants (ISO-8601 in JSON).
 */
final class Views {
    private Views() {
    }

    /**
     * A page of a longer list; {@code page} counts from 1. {@code moreThanTotal}: more items than
     * {@code total} match, which is then where the counting stopped.
     */
    record PageOf<T>(List<T> items, long total, boolean moreThanTotal, int page, int perPage) {
        /** The pages of {@code total} items: at least that many when {@code moreThanTotal}. */
        int pages() {
            return (int) Math.max(1, (total + perPage - 1) / perPage);
        }
    }

    /**
     * A bug as the bug list shows it: the three most frequent hosts and releases, and how many more there
     * are ({@code moreHosts}, {@code moreReleases}); {@code regression} when it crashed again after it was
     * marked fixed; {@code labels} those people put on it.
     */
    record BugSummary(long id, String title, String kind, String status, long crashes, Instant firstSeen,
                      Instant lastSeen, int hostCount, List<String> hosts, int releaseCount, List<String> releases,
                      String culpritFunction, String culpritModule, boolean regression, List<String> labels) {
        @JsonProperty
        public int moreHosts() {
            return hostCount - hosts.size();
        }

        @JsonProperty
        public int moreReleases() {
            return releaseCount - releases.size();
        }

        /** What the kind means, for people ({@code kernel NULL pointer dereference}). */
        @JsonProperty
        public String kindText() {
            return Html.kind(kind);
        }
    }

    /**
     * A bug with everything its page shows.
     *
     * @param releases     its kernel releases in version order, each with its first and last crash
     * @param hostGroups   its hosts grouped by name with their numbers left out ({@code web-#})
     * @param sample       its first crash, the report that stands for it; {@code null} before any
     * @param latest       its latest crash
     * @param crashGroups  its latest crashes ({@link Queries#GROUPED} at most) with the same host, release,
     *                     architecture, taint and title as one row each, latest first
     * @param similar      other bugs with the same culprit or the same top frames
     * @param regressionAt when it crashed again after it was marked fixed, or {@code null}
     * @param maintainers  the subsystems of its guilty file in the server's MAINTAINERS file, the most specific
     */
    record BugDetail(BugSummary bug, List<String> titles, String statusNote, Instant statusAt, Long duplicateOf,
                     List<Long> duplicates, List<Breakdown> breakdowns, List<DayCount> days, String guiltyFile,
                     String fixCommit, String fixRelease, String fixLink, Instant regressionAt,
                     List<FacetCount> releases, List<FacetCount> hostGroups, Crash sample, Crash latest,
                     List<CrashGroup> crashGroups, List<BugSummary> similar, List<Maintainers.Section> maintainers) {
    }

    /** How a bug's crashes spread over the values of one facet, most frequent first. */
    record Breakdown(String facet, String label, int values, List<FacetCount> top) {
    }

    record FacetCount(String value, long crashes, Instant firstSeen, Instant lastSeen) {
    }

    /** Crashes that differ only in their time and log, as one row: how many, when, the latest of them. */
    record CrashGroup(String host, String release, String arch, String taint, String title, long crashes,
                      Instant first, Instant last, long latest) {
    }

    /** Crashes of a bug on one day ({@code 2024-05-01}, UTC). */
    record DayCount(String day, long crashes) {
    }

    /**
     * A crash; {@code cause}, {@code guiltyFile} and {@code topFrames} (a frame a line) are {@code null} for
     * crashes filed before they were kept.
     */
    record Crash(long id, long bug, long log, int report, String title, String kind, String arch, boolean corrupted,
                 String host, Instant time, String release, String taint, String culpritFunction,
                 String culpritModule, long startLine, long endLine, String cause, String guiltyFile,
                 String topFrames) {
        /** The top frames, one each. */
        public List<String> frames() {
            return topFrames == null ? List.of() : List.of(topFrames.split("\n"));
        }

        /** What the cause means, for people. */
        public String causeText() {
            return Html.cause(cause);
        }
    }

    /**
     * A submitted log without its bytes; {@code notice} what the server changed of it, or {@code null};
     * {@code removed} when the retention rule deleted its bytes, or {@code null}.
     */
    record Log(long id, String name, String host, List<String> tags, Instant time, Instant received, long size,
               String state, Integer reports, String error, String notice, Instant removed) {
    }
}
