package io.hooklane.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The route files a {@code camel.main.routes-include-pattern} (or a directory) names on the file system. */
public final class RouteFiles {

    private RouteFiles() {
    }

    /**
     * The files matched by the pattern's {@code file:} entries (comma-separated; a {@code *} or {@code ?} in the file
     * name part), sorted; {@code classpath:} entries are not files one can edit and are left out.
     */
    public static List<Path> matching(String includePattern) {
        TreeSet<Path> files = new TreeSet<>();
        for (String entry : includePattern.split(",")) {
            String pattern = entry.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(pattern.substring("file:".length()));
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            String name = path.getFileName().toString();
            if (!name.contains("*") && !name.contains("?")) {
                if (Files.isRegularFile(path)) {
                    files.add(path);
                }
                continue;
            }
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + name);
            files.addAll(list(dir, p -> matcher.matches(p.getFileName())));
        }
        return new ArrayList<>(files);
    }

    /** A directory's {@code *.camel.yaml} files (sorted), or the one file named. */
    public static List<Path> in(Path dirOrFile) {
        if (Files.isRegularFile(dirOrFile)) {
            return List.of(dirOrFile);
        }
        return new ArrayList<>(new TreeSet<>(list(dirOrFile, p -> p.getFileName().toString().endsWith(".camel.yaml"))));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(filter).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
