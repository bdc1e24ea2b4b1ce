package org.koops;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A file holding one log: text, compressed text, or a file a {@link LogExtractor} reads (a vmcore). */
final class FileLogInput implements LogInput {
    private final Path file;
    private final LogExtractor extractor;
    private final long size;
    private volatile String kind;
    private volatile List<String> problems = List.of();
    private volatile Kernel kernel;

    private FileLogInput(Path file, LogExtractor extractor, long size) {
        this.file = file;
        this.extractor = extractor;
        this.size = size;
        this.kind = extractor == null ? "log" : "dump";
    }

    /** The input of {@code file}, recognised by its first bytes; {@code head} holds them. */
    static FileLogInput of(Path file, byte[] head) throws IOException {
        return new FileLogInput(file, ClassPathExtractors.of(head), Files.size(file));
    }

    /** A file read once as a stream: a named pipe or a device (or a missing file, which fails on open). */
    static FileLogInput stream(Path file) {
        return new FileLogInput(file, null, -1);
    }

    @Override
    public String name() {
        return file.toString();
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public long size() {
        return extractor == null ? size : -1;
    }

    @Override
    public Path file() {
        return extractor == null && size >= 0 ? file : null;
    }

    @Override
    public InputStream open() throws IOException {
        if (extractor == null) {
            // A FileInputStream, not Files.newInputStream: the latter fails with "Illegal seek" on a pipe
            // when asked how much is ready. A missing file is left to Files.newInputStream, which says so.
            return LogInputs.decompress(size < 0 && Files.exists(file) ? new java.io.FileInputStream(file.toFile())
                    : Files.newInputStream(file));
        }
        ExtractedLog log = extractor.extract(file);
        kind = log.kind();
        problems = log.problems();
        kernel = log.buildId() == null && log.release() == null ? null : new Kernel(log.release(), log.buildId());
        return new ByteArrayInputStream(log.text());
    }

    @Override
    public Kernel kernel() {
        return kernel;
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
