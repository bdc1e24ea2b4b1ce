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

    /** A page of a longer list; {@code page} counts from 1. */
    record PageOf<T>(List<T> items, long total, int page, int perPage) {
        int pages() {
            return (int) Math.max(1, (total + perPage - 1) / perPage);
        }
    }

    /**
     * A bug as the bug list shows it: the three most frequent hosts and releases, and how many more there
     * are ({@code moreHosts}, {@code moreReleases}).
     */
    record BugSummary(long id, String title, String kind, String status, long crashes, Instant firstSeen,
                      Instant lastSeen, int hostCount, List<String> hosts, int releaseCount, List<String> releases,
                      String culpritFunction, String culpritModule) {
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

    /** A bug with everything its page shows but the crash list. */
    record BugDetail(BugSummary bug, List<String> titles, String statusNote, Instant statusAt, Long duplicateOf,
                     List<Long> duplicates, List<Breakdown> breakdowns, List<DayCount> days) {
    }

    /** How a bug's crashes spread over the values of one facet, most frequent first. */
    record Breakdown(String facet, String label, int values, List<FacetCount> top) {
    }

    record FacetCount(String value, long crashes, Instant lastSeen) {
    }

    /** Crashes of a bug on one day ({@code 2024-05-01}, UTC). */
    record DayCount(String day, long crashes) {
    }

    record Crash(long id, long bug, long log, int report, String title, String kind, String arch, boolean corrupted,
                 String host, Instant time, String release, String taint, String culpritFunction,
                 String culpritModule, long startLine, long endLine) {
    }

    /** A submitted log without its bytes; {@code notice} what the server changed of it, or {@code null}. */
    record Log(long id, String name, String host, List<String> tags, Instant time, Instant received, long size,
               String state, Integer reports, String error, String notice) {
    }
}
