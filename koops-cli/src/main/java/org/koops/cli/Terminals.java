package org.koops.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tells whether standard output or standard error is a terminal. Java 17 only offers
 * {@code System.console()}, which is {@code null} as soon as standard input is a pipe
 * ({@code dmesg | koops explain}), so on Linux the descriptor's target is read instead.
 */
final class Terminals {
    private Terminals() {
    }

    static boolean stdout() {
        return isTerminal(1);
    }

    static boolean stderr() {
        return isTerminal(2);
    }

    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null; // not Linux: the best the JDK can tell
        }
    }
}
