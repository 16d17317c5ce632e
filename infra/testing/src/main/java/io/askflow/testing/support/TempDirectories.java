package io.askflow.testing.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Temporary directories under {@code java.io.tmpdir} that their owner removes on close. */
public final class TempDirectories {

    private static final Logger log = LoggerFactory.getLogger(TempDirectories.class);

    private TempDirectories() {
    }

    /**
     * Creates a new directory under {@code java.io.tmpdir}.
     *
     * @param prefix start of the directory name, for example {@code askflow-redis-}
     * @return the new, empty directory
     */
    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory " + prefix, e);
        }
    }

    /**
     * Removes a directory and everything below it; a missing directory is fine, and a file that
     * cannot be removed is logged, not thrown, so that closing goes on with the other parts.
     *
     * @param directory the directory to remove, may be {@code null}
     */
    public static void deleteQuietly(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (IOException e) {
            log.warn("could not remove temporary directory {}: {}", directory, e.toString());
        }
    }
}
