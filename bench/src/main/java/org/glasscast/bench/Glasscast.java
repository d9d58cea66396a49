package org.glasscast.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the processes a scenario runs: glasscast in a JVM of its own, as the
 * launcher ({@code ./glasscast}) runs it: the same JVM options and the same class-data archive,
 * so what is measured is what a user runs. The tests start the CLI the same way.
 */
public final class Glasscast {
    /** The launcher's JVM options (its {@code jvm_options}; a test checks the two agree). */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k");
    /** The system property through which the launcher names the class-data archive a JVM runs with. */
    public static final String CDS_ARCHIVE_PROPERTY = "glasscast.cds.archive";

    private Glasscast() {
    }

    /**
     * {@code java JVM_OPTIONS [archive options] [props] -cp <this classpath> org.glasscast.app.Main ARGS},
     * with the archive this JVM was started with, if any.
     */
    static List<String> command(List<String> systemProperties, String... args) {
        String archive = System.getProperty(CDS_ARCHIVE_PROPERTY);
        return command(System.getProperty("java.class.path"), archive == null ? null : Path.of(archive),
                systemProperties, args);
    }

    /**
     * The same with a given class path and class-data archive (left out when null or missing; a
     * stale one Java leaves aside silently, as the launcher's runs do).
     */
    public static List<String> command(String classPath, Path archive, List<String> systemProperties,
                                       String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(JVM_OPTIONS);
        if (archive != null && Files.isRegularFile(archive)) {
            cmd.addAll(cdsOptions(archive));
        }
        cmd.addAll(systemProperties);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add("org.glasscast.app.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** What the launcher adds to map the archive: quietly, since standard output may carry data. */
    public static List<String> cdsOptions(Path archive) {
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-D" + CDS_ARCHIVE_PROPERTY + "=" + archive);
    }

    /** A class of ours with a main of its own, in a JVM like glasscast's. */
    static List<String> main(String className, String... args) {
        List<String> cmd = command(List.of(), args);
        cmd.set(cmd.indexOf("org.glasscast.app.Main"), className);
        return cmd;
    }

    /**
     * The launcher's {@code app/target} when this JVM runs from it (its class path names
     * {@code app/target/glasscast-app.jar}), else null.
     */
    static Path appTarget() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().equals("glasscast-app.jar")) {
                Path target = p.toAbsolutePath().getParent();
                return target.getParent() != null && target.getParent().getParent() != null ? target : null;
            }
        }
        return null;
    }

    /** This JVM's java. */
    static String java() {
        return ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator
                + "bin" + File.separator + "java");
    }
}
