package org.glasscast.bench;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** The command lines of the processes a scenario runs: glasscast in a JVM of its own, as the launcher runs it. */
final class Glasscast {
    private Glasscast() {
    }

    /** {@code java -XX:+UseSerialGC -Xss512k [props] -cp <this classpath> org.glasscast.app.Main ARGS}. */
    static List<String> command(List<String> systemProperties, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + File.separator
                + "bin" + File.separator + "java"));
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xss512k");
        cmd.addAll(systemProperties);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.glasscast.app.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** A class of ours with a main of its own, in a JVM like glasscast's. */
    static List<String> main(String className, String... args) {
        List<String> cmd = command(List.of(), args);
        cmd.set(cmd.indexOf("org.glasscast.app.Main"), className);
        return cmd;
    }
}
