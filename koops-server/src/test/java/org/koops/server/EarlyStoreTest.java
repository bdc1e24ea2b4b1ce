package org.koops.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The timer and the end of the analysis race to decide how a log is stored: exactly one of them wins. */
class EarlyStoreTest {
    @Test
    void anAnalysisThatEndsFirstStoresTheLogWithItsCrashes() throws InterruptedException {
        AtomicInteger stores = new AtomicInteger();
        EarlyStore early = new EarlyStore(() -> {
            stores.incrementAndGet();
            return CompletableFuture.completedFuture(new LogStore.Stored(1, true));
        }, Duration.ofMillis(100));

        assertThat(early.together()).isTrue();
        Thread.sleep(300);
        assertThat(stores).hasValue(0);
        assertThat(early.committed()).isFalse();
    }

    @Test
    void aTimerThatFiresFirstStoresTheLogOnItsOwn() throws Exception {
        CompletableFuture<LogStore.Stored> store = new CompletableFuture<>();
        EarlyStore early = new EarlyStore(() -> store, Duration.ZERO);
        while (early.queued() == null) {
            Thread.onSpinWait();
        }
        assertThat(early.committed()).as("before the commit").isFalse();
        store.complete(new LogStore.Stored(7, false));

        assertThat(early.together()).isFalse();
        assertThat(early.queued().get()).isEqualTo(new LogStore.Stored(7, false));
        assertThat(early.committed()).isTrue();
        assertThat(early.storedBefore()).isTrue();
    }

    @Test
    void aStoreThatCannotBeQueuedFailsItsRequest() {
        EarlyStore early = new EarlyStore(() -> {
            throw new SQLException("the server is shutting down");
        }, Duration.ZERO);
        while (early.queued() == null) {
            Thread.onSpinWait();
        }

        assertThat(early.together()).isFalse();
        assertThat(early.queued()).failsWithin(Duration.ofSeconds(5)).withThrowableThat()
                .withMessageContaining("the server is shutting down");
        assertThat(early.committed()).isFalse();
    }

    @Test
    void whenBothComeAtOnceExactlyOneDecides() {
        for (int i = 0; i < 2000; i++) {
            AtomicInteger stores = new AtomicInteger();
            EarlyStore early = new EarlyStore(() -> {
                stores.incrementAndGet();
                return CompletableFuture.completedFuture(new LogStore.Stored(1, true));
            }, Duration.ZERO);
            boolean together = early.together();
            if (together) {
                assertThat(stores).hasValue(0);
            } else {
                assertThat(early.queued()).isNotNull();
                assertThat(early.queued().join()).isNotNull();
                assertThat(stores).hasValue(1);
            }
        }
    }
}
