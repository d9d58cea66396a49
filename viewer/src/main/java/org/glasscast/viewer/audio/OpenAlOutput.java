package org.glasscast.viewer.audio;

import static org.lwjgl.openal.ALC10.ALC_DEVICE_SPECIFIER;
import static org.lwjgl.openal.ALC10.alcCloseDevice;
import static org.lwjgl.openal.ALC10.alcCreateContext;
import static org.lwjgl.openal.ALC10.alcDestroyContext;
import static org.lwjgl.openal.ALC10.alcGetString;
import static org.lwjgl.openal.ALC10.alcOpenDevice;
import static org.lwjgl.openal.ALC11.ALC_ALL_DEVICES_SPECIFIER;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>Headless machines: OpenAL Soft chooses its backend once per process, from ALSOFT_DRIVERS or
 * an ALSOFT_CONF file read at its first call, and then fails to open a device when there is no
 * sound server or card. So before that first call, when the user set neither variable and no
 * PulseAudio/PipeWire socket or ALSA playback device exists, we set ALSOFT_DRIVERS=null in our
 * own environment (libc setenv: OpenAL Soft reads it with getenv): the "No Output" device then
 * plays in real time to nowhere, and the playback clock runs as with a sound card.
 */
final class OpenAlOutput implements AutoCloseable {
    static final String DEFAULT = "default";
    private static boolean backendChosen;

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
        chooseNullBackendIfNoSound(out);
        boolean byDefault = DEFAULT.equals(deviceName);
        long device;
        try {
            device = byDefault ? alcOpenDevice((ByteBuffer) null) : alcOpenDevice(deviceName);
        } catch (LinkageError | IllegalStateException e) { // no OpenAL natives for this platform
            throw new AudioOutputException("cannot load OpenAL: " + e.getMessage());
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
    private static synchronized void chooseNullBackendIfNoSound(PrintStream out) {
        if (backendChosen) {
            return;
        }
        backendChosen = true;
        if (System.getenv("ALSOFT_DRIVERS") != null || System.getenv("ALSOFT_CONF") != null
                || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux") || soundPresent()) {
            return;
        }
        try (SharedLibrary libc = Library.loadNative(OpenAlOutput.class, "org.lwjgl", "libc.so.6");
             MemoryStack stack = MemoryStack.stackPush()) {
            long setenv = libc.getFunctionAddress("setenv");
            if (setenv != 0 && JNI.invokePPI(MemoryUtil.memAddress(stack.UTF8("ALSOFT_DRIVERS")),
                    MemoryUtil.memAddress(stack.UTF8("null")), 1, setenv) == 0) {
                out.println("view: no audio device; playing to the null output");
            }
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
