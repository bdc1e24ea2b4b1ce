package org.koops;

import java.util.List;
import java.util.ServiceLoader;

/** The {@link LogExtractor}s on the class path ({@link ServiceLoader}), looked up once, on first use. */
final class ClassPathExtractors {
    static final List<LogExtractor> ALL = ServiceLoader.load(LogExtractor.class, Koops.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    private ClassPathExtractors() {
    }

    /** The extractor that recognises {@code head}, or {@code null}. */
    static LogExtractor of(byte[] head) {
        for (LogExtractor e : ALL) {
            if (e.recognises(head)) {
                return e;
            }
        }
        return null;
    }
}
