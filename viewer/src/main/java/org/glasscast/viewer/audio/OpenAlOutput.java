package org.glasscast.viewer.audio;

import static org.lwjgl.openal.ALC10.ALC_DEVICE_SPECIFIER;
import static org.lwjgl.openal.ALC10.alcCloseDevice;
import static org.lwjgl.openal.ALC10.alcCreateContext;
import static org.lwjgl.openal.ALC10.alcDestroyContext;
import static org.lwjgl.openal.ALC10.alcGetString;
import static org.lwjgl.openal.ALC10.alcOpenDevice;
import static org.lwjgl.openal.ALC11.ALC_ALL_DEVICES_SPECIFIER;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lwjgl.openal.AL;
import org.lwjgl.openal.ALC;
import org.lwjgl.openal.ALCCapabilities;
import org.lwjgl.openal.ALCapabilities;
import org.lwjgl.openal.ALUtil;
import org.lwjgl.openal.EXTThreadLocalContext;
import org.lwjgl.system.JNI;
import org.lwjgl.system.Library;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.SharedLibrary;

/**
 * An OpenAL (Soft, through LWJGL) output device and its context. The context is made current
 * per thread (ALC_EXT_thread_local_context), so two viewers in one process do not take each
 * other's.
 *
 * <p>OpenAL Soft reads its settings once per process, at its first call, from ALSOFT_DRIVERS and
 * its config files (the system's, the user's, then the one ALSOFT_CONF names), so two things are
 * set before that call, in our own environment (libc setenv: OpenAL Soft reads it with getenv):
 * <ul>
 * <li>A short device buffer: OpenAL Soft mixes {@value #PERIOD_SAMPLES}-sample periods, {@value
 * #PERIODS} of them ahead (about {@value #DEVICE_BUFFER_MILLIS} ms, where its default of 3 × 960
 * samples holds 60 ms): ALSOFT_CONF names a file of ours with these two settings, after the
 * lines of the user's own ALSOFT_CONF file if there is one. A user who sets {@code period_size}
 * in any of these files keeps theirs.
 * <li>Headless machines: OpenAL Soft fails to open a device when there is no sound server or
 * card. When the user did not set ALSOFT_DRIVERS and no PulseAudio/PipeWire socket or ALSA
 * playback device exists, ALSOFT_DRIVERS=null: the "No Output" device then plays in real time
 * to nowhere, and the playback clock runs as with a sound card.
 * </ul>
 */
final class OpenAlOutput implements AutoCloseable {
    static final String DEFAULT = "default";
    static final int PERIOD_SAMPLES = 256;
    static final int PERIODS = 3;
    static final int DEVICE_BUFFER_MILLIS = 16;
    private static boolean configured;
    /** Our config file, from its writing until OpenAL Soft has read it. */
    private static Path ownConfig;

    final long device;
    final long context;
    final ALCCapabilities alcCapabilities;
    final String name;

    private OpenAlOutput(long device, long context, ALCCapabilities caps, String name) {
        this.device = device;
        this.context = context;
        this.alcCapabilities = caps;
        this.name = name;
    }

    /**
     * Opens {@code deviceName} ("default" = the system's default output).
     *
     * @throws AudioOutputException with a one-line reason
     */
    static OpenAlOutput open(String deviceName, PrintStream out) throws AudioOutputException {
        configure(out);
        boolean byDefault = DEFAULT.equals(deviceName);
        long device;
        try {
            device = byDefault ? alcOpenDevice((ByteBuffer) null) : alcOpenDevice(deviceName);
        } catch (LinkageError | IllegalStateException e) { // no OpenAL natives for this platform
            throw new AudioOutputException("cannot load OpenAL: " + e.getMessage());
        } finally {
            forgetOwnConfig();
        }
        if (device == 0) {
            if (byDefault) {
                throw new AudioOutputException("cannot open the default audio output");
            }
            throw new AudioOutputException("no audio output '" + deviceName + "' (outputs: "
                    + String.join(", ", outputNames()) + ")");
        }
        ALCCapabilities caps = ALC.createCapabilities(device);
        if (!caps.ALC_EXT_thread_local_context) {
            alcCloseDevice(device);
            throw new AudioOutputException("the OpenAL library lacks ALC_EXT_thread_local_context");
        }
        long context = alcCreateContext(device, (IntBuffer) null);
        if (context == 0) {
            alcCloseDevice(device);
            throw new AudioOutputException("cannot create an OpenAL context on '" + deviceName + "'");
        }
        return new OpenAlOutput(device, context, caps, alcGetString(device, ALC_DEVICE_SPECIFIER));
    }

    /** Makes the context current on the calling thread and returns its AL capabilities. */
    ALCapabilities makeCurrent() {
        EXTThreadLocalContext.alcSetThreadContext(context);
        return AL.createCapabilities(alcCapabilities);
    }

    /** Undoes {@link #makeCurrent()} on the calling thread. */
    void release() {
        EXTThreadLocalContext.alcSetThreadContext(0);
        AL.setCurrentThread(null);
    }

    private static List<String> outputNames() {
        List<String> names = ALUtil.getStringList(0, ALC_ALL_DEVICES_SPECIFIER);
        return names == null ? List.of() : names;
    }

    /** Once per process, before OpenAL's first call (see the class comment). */
    private static synchronized void configure(PrintStream out) {
        if (configured) {
            return;
        }
        configured = true;
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return;
        }
        try (SharedLibrary libc = Library.loadNative(OpenAlOutput.class, "org.lwjgl", "libc.so.6")) {
            long setenv = libc.getFunctionAddress("setenv");
            if (setenv == 0) {
                return;
            }
            String conf = shortBufferConfig();
            if (conf != null) {
                setenv(setenv, "ALSOFT_CONF", conf);
            }
            if (System.getenv("ALSOFT_DRIVERS") == null && !driversConfigured() && !soundPresent()
                    && setenv(setenv, "ALSOFT_DRIVERS", "null")) {
                out.println("view: no audio device; playing to the null output");
            }
        }
    }

    /**
     * OpenAL Soft reads its config files once, at its first call (the device's opening), so ours
     * goes at once: a process stopped by a signal halts without the JVM's delete-on-exit.
     */
    private static synchronized void forgetOwnConfig() {
        if (ownConfig != null) {
            try {
                Files.deleteIfExists(ownConfig);
            } catch (IOException ignored) {
                // deleted on exit instead
            }
            ownConfig = null;
        }
    }

    private static boolean setenv(long setenv, String name, String value) {
        try (MemoryStack stack = MemoryStack.stackPush()) {
            return JNI.invokePPI(MemoryUtil.memAddress(stack.UTF8(name)), MemoryUtil.memAddress(stack.UTF8(value)), 1,
                    setenv) == 0;
        }
    }

    /** OpenAL Soft's config files, in the order it reads them (later ones win). */
    private static List<Path> configFiles() {
        List<Path> files = new ArrayList<>(List.of(Path.of("/etc/openal/alsoft.conf")));
        String xdg = System.getenv("XDG_CONFIG_HOME");
        String home = System.getProperty("user.home");
        if (home != null) {
            files.add(Path.of(home, ".alsoftrc"));
        }
        if (xdg != null && !xdg.isBlank()) {
            files.add(Path.of(xdg, "alsoft.conf"));
        } else if (home != null) {
            files.add(Path.of(home, ".config", "alsoft.conf"));
        }
        String own = System.getenv("ALSOFT_CONF");
        if (own != null && !own.isBlank()) {
            files.add(Path.of(own));
        }
        return files;
    }

    private static String readOrEmpty(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static boolean setsKey(String conf, String key) {
        return conf.lines().map(String::strip).anyMatch(l -> l.startsWith(key) && l.substring(key.length()).strip()
                .startsWith("="));
    }

    /** Whether a config file chooses the backend (as the wave writer of a test does). */
    private static boolean driversConfigured() {
        return configFiles().stream().map(OpenAlOutput::readOrEmpty).anyMatch(c -> setsKey(c, "drivers"));
    }

    /**
     * A file of ours holding the user's ALSOFT_CONF lines (if any) and then the short buffer, or
     * null when the user set a period size themselves or the file cannot be written.
     */
    private static String shortBufferConfig() {
        if (configFiles().stream().map(OpenAlOutput::readOrEmpty).anyMatch(c -> setsKey(c, "period_size"))) {
            return null;
        }
        String own = System.getenv("ALSOFT_CONF");
        String theirs = own == null || own.isBlank() ? "" : readOrEmpty(Path.of(own));
        try {
            Path conf = Files.createTempFile("glasscast-alsoft-", ".conf");
            conf.toFile().deleteOnExit();
            ownConfig = conf;
            Files.writeString(conf, theirs + (theirs.isEmpty() || theirs.endsWith("\n") ? "" : "\n")
                    + "[general]\nperiod_size = " + PERIOD_SAMPLES + "\nperiods = " + PERIODS + "\n");
            return conf.toString();
        } catch (IOException | RuntimeException e) {
            return null; // OpenAL Soft's default buffer: more latency, still sound
        }
    }

    /** A sound server's socket or an ALSA playback device: OpenAL Soft's usual backends can open it. */
    private static boolean soundPresent() {
        String pulse = System.getenv("PULSE_SERVER");
        if (pulse != null) {
            return !pulse.startsWith("unix:") || Files.exists(Path.of(pulse.substring("unix:".length())));
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && (Files.exists(Path.of(runtime, "pulse", "native"))
                || Files.exists(Path.of(runtime, "pipewire-0")))) {
            return true;
        }
        try (var devices = Files.list(Path.of("/dev/snd"))) {
            return devices.anyMatch(p -> p.getFileName().toString().matches("pcmC\\d+D\\d+p"));
        } catch (java.io.IOException | SecurityException e) {
            return false;
        }
    }

    @Override
    public void close() {
        alcDestroyContext(context);
        alcCloseDevice(device);
    }
}
