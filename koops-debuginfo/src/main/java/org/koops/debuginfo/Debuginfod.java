package org.koops.debuginfo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A debuginfod client: fetches the debug file of a build id ({@code GET URL/buildid/HEX/debuginfo})
 * from the servers of {@code DEBUGINFOD_URLS}, tried in order, into a local cache laid out as
 * elfutils' client lays out its own ({@code CACHE/HEX/debuginfo}; {@code DEBUGINFOD_CACHE_PATH},
 * else {@code $XDG_CACHE_HOME/debuginfod_client}, else {@code ~/.cache/debuginfod_client}). A file
 * is kept only when it is ELF with the build id asked for.
 */
public final class Debuginfod {
    private static final Pattern BUILD_ID = Pattern.compile("[0-9a-f]{8,128}");
    /** A debug file larger than this is refused: a server must not fill the disk. */
    private static final long MAX_BYTES = 8L << 30;

    private final List<URI> servers;
    private final Path cache;
    private final Duration timeout;
    private HttpClient client;

    Debuginfod(List<URI> servers, Path cache, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.cache = cache;
        this.timeout = timeout;
    }

    /** The client the environment configures ({@code DEBUGINFOD_URLS} ...), or {@code null} when it names no server. */
    public static Debuginfod fromEnvironment(Map<String, String> env) {
        List<URI> servers = new ArrayList<>();
        for (String url : env.getOrDefault("DEBUGINFOD_URLS", "").trim().split("\\s+")) {
            if (url.startsWith("http://") || url.startsWith("https://")) {
                servers.add(URI.create(url.endsWith("/") ? url : url + "/"));
            }
        }
        if (servers.isEmpty()) {
            return null;
        }
        Path cache;
        if (!env.getOrDefault("DEBUGINFOD_CACHE_PATH", "").isEmpty()) {
            cache = Path.of(env.get("DEBUGINFOD_CACHE_PATH"));
        } else if (!env.getOrDefault("XDG_CACHE_HOME", "").isEmpty()) {
            cache = Path.of(env.get("XDG_CACHE_HOME"), "debuginfod_client");
        } else {
            cache = Path.of(System.getProperty("user.home"), ".cache", "debuginfod_client");
        }
        long seconds = 90;
        try {
            seconds = Math.max(1, Long.parseLong(env.getOrDefault("DEBUGINFOD_TIMEOUT", "90").trim()));
        } catch (NumberFormatException e) {
            // elfutils ignores a malformed timeout too
        }
        return new Debuginfod(servers, cache, Duration.ofSeconds(seconds));
    }

    /** The servers asked, in order. */
    public List<URI> servers() {
        return servers;
    }

    /**
     * The debug file of {@code buildId}: from the cache, else fetched from the first server that has
     * it and cached.
     *
     * @throws IOException naming the build id and why no server gave it
     */
    public Path debuginfo(String buildId) throws IOException {
        String id = buildId.toLowerCase(Locale.ROOT);
        if (!BUILD_ID.matcher(id).matches()) {
            throw new IOException("build id '" + buildId + "' is not hexadecimal");
        }
        Path cached = cache.resolve(id).resolve("debuginfo");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        List<String> failures = new ArrayList<>();
        for (URI server : servers) {
            URI uri = server.resolve("buildid/" + id + "/debuginfo");
            try {
                Path fetched = fetch(uri, cached.getParent());
                if (fetched == null) {
                    failures.add(server + ": not found");
                    continue;
                }
                String got = buildIdOf(fetched);
                if (!id.equals(got)) {
                    Files.deleteIfExists(fetched);
                    failures.add(server + ": sent a file with " + (got == null ? "no build id" : "build id " + got));
                    continue;
                }
                return Files.move(fetched, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                failures.add(server + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while fetching " + uri, e);
            }
        }
        throw new IOException("debuginfod has no debug file for build id " + id + " (" + String.join("; ", failures) + ")");
    }

    /** Downloads to a temporary file in {@code dir}; {@code null} when the server does not have it (404). */
    private Path fetch(URI uri, Path dir) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "koops").GET().build();
        HttpResponse<InputStream> response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "debuginfo", ".part");
            try (var out = Files.newOutputStream(part)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > MAX_BYTES) {
                        throw new IOException("more than " + (MAX_BYTES >> 30) + " GB");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                Files.deleteIfExists(part);
                throw e;
            }
            return part;
        }
    }

    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    private static String buildIdOf(Path file) {
        try (ElfFile elf = ElfFile.open(file)) {
            return ElfNotes.buildId(elf);
        } catch (IOException e) {
            return null;
        }
    }
}
