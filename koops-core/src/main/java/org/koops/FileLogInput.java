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

    boolean extracted() {
        return extractor != null;
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
    public InputStream open() throws IOException {
        if (extractor == null) {
            return LogInputs.decompress(Files.newInputStream(file));
        }
        ExtractedLog log = extractor.extract(file);
        kind = log.kind();
        problems = log.problems();
        return new ByteArrayInputStream(log.text());
    }

    @Override
    public List<String> problems() {
        return problems;
    }
}
