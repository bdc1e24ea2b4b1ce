package org.koops.server;

import java.io.ByteArrayInputStream;
import java.time.Duration;

import io.javalin.http.HttpResponseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The memory budget of the logs being received at once. */
class IntakeTest {
    private static final int KB = 1024;

    @Test
    void aLogThatWouldPassTheBudgetWaitsThenIsRefusedAndRoomComesBackWhenALogIsDone() throws Exception {
        Intake intake = new Intake(192 * KB, 128 * KB, Duration.ofMillis(100));
        Intake.Body first = intake.read(new ByteArrayInputStream(new byte[128 * KB]));
        assertThat(first.bytes()).hasSize(128 * KB);

        assertThatThrownBy(() -> intake.read(new ByteArrayInputStream(new byte[128 * KB])))
                .isInstanceOf(HttpResponseException.class).hasMessageContaining("too many logs at once")
                .satisfies(e -> assertThat(((HttpResponseException) e).getStatus()).isEqualTo(503));

        first.close();
        try (Intake.Body second = intake.read(new ByteArrayInputStream(new byte[128 * KB]))) {
            assertThat(second.bytes()).hasSize(128 * KB);
        }
    }

    @Test
    void aLogOverTheLimitIsRefusedWith413AndGivesItsRoomBack() throws Exception {
        Intake intake = new Intake(0, 128 * KB, Duration.ofMillis(100));

        assertThatThrownBy(() -> intake.read(new ByteArrayInputStream(new byte[129 * KB])))
                .isInstanceOf(TooLarge.class);
        try (Intake.Body again = intake.read(new ByteArrayInputStream(new byte[128 * KB]))) {
            assertThat(again.bytes()).hasSize(128 * KB);
        }
    }

    @Test
    void theAnnouncedLengthIsOnlyAFirstSize() throws Exception {
        Intake intake = new Intake(1024 * KB, 128 * KB, Duration.ofMillis(100));
        byte[] log = new byte[100 * KB];
        for (int i = 0; i < log.length; i++) {
            log[i] = (byte) i;
        }
        for (long announced : new long[] {-1, 0, 1, 50 * KB, 100 * KB, 101 * KB, 1024 * KB}) {
            try (Intake.Body body = intake.read(new ByteArrayInputStream(log), announced)) {
                assertThat(body.bytes()).as("announced %d", announced).isEqualTo(log);
            }
        }
        assertThatThrownBy(() -> intake.read(new ByteArrayInputStream(new byte[129 * KB]), 129 * KB))
                .isInstanceOf(TooLarge.class);
        assertThatThrownBy(() -> intake.read(new ByteArrayInputStream(new byte[129 * KB]), 10 * KB))
                .isInstanceOf(TooLarge.class);
        try (Intake.Body empty = intake.read(new ByteArrayInputStream(new byte[0]), 0)) {
            assertThat(empty.bytes()).isEmpty();
        }
    }

    @Test
    void anAnnouncedLengthTakesItsShareOfTheBudgetBeforeTheBytesCome() throws Exception {
        Intake intake = new Intake(192 * KB, 128 * KB, Duration.ofMillis(100));
        try (Intake.Body first = intake.read(new ByteArrayInputStream(new byte[KB]), 128 * KB)) {
            assertThat(first.bytes()).hasSize(KB);
            assertThatThrownBy(() -> intake.read(new ByteArrayInputStream(new byte[KB]), 128 * KB))
                    .isInstanceOf(HttpResponseException.class).hasMessageContaining("too many logs at once");
        }
        try (Intake.Body again = intake.read(new ByteArrayInputStream(new byte[KB]), 128 * KB)) {
            assertThat(again.bytes()).hasSize(KB);
        }
    }
}
