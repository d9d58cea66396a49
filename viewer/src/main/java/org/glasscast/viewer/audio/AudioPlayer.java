package org.glasscast.viewer.audio;

import static org.lwjgl.openal.AL10.AL_BUFFERS_PROCESSED;
import static org.lwjgl.openal.AL10.AL_FORMAT_STEREO16;
import static org.lwjgl.openal.AL10.AL_NO_ERROR;
import static org.lwjgl.openal.AL10.AL_PLAYING;
import static org.lwjgl.openal.AL10.AL_SOURCE_STATE;
import static org.lwjgl.openal.AL10.alBufferData;
import static org.lwjgl.openal.AL10.alDeleteBuffers;
import static org.lwjgl.openal.AL10.alDeleteSources;
import static org.lwjgl.openal.AL10.alGenBuffers;
import static org.lwjgl.openal.AL10.alGenSources;
import static org.lwjgl.openal.AL10.alGetError;
import static org.lwjgl.openal.AL10.alGetSourcei;
import static org.lwjgl.openal.AL10.alSourcePlay;
import static org.lwjgl.openal.AL10.alSourceQueueBuffers;
import static org.lwjgl.openal.AL10.alSourceStop;
import static org.lwjgl.openal.AL10.alSourceUnqueueBuffers;
import static org.lwjgl.openal.AL11.AL_SAMPLE_OFFSET;

import java.io.PrintStream;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.viewer.decode.AudioDecodeStage;
import org.glasscast.viewer.present.PresentationClock;
import org.glasscast.viewer.present.SyncMode;
import org.glasscast.viewer.stats.ViewerStats;
import org.lwjgl.openal.ALCapabilities;
import org.lwjgl.openal.SOFTDeviceClock;
import org.lwjgl.openal.SOFTSourceLatency;
import org.lwjgl.system.MemoryUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the decoded audio through one streaming OpenAL source and keeps the presentation clock:
 * the capture time of the sound being heard, which the picture follows.
 *
 * <p>The decode thread hands each packet's PCM over in one of a few reusable chunks; the output
 * thread ({@link #run()}, {@code gc-audio-out}) owns every OpenAL call: it unqueues played
 * buffers, refills them from the chunks, watches the play position every {@value #POLL_MILLIS}
 * ms for the clock, and keeps the queue short for latency: playback (re)starts once the start
 * level is queued ({@value #MIN_START_MILLIS} ms; after running dry, counted as an underrun,
 * {@value #START_STEP_MILLIS} ms more up to {@value #MAX_START_MILLIS}, and back down a step
 * after {@value #CALM_SECONDS} s without one: a busy machine or a jittery network gets the margin
 * it needs, a quiet one the lowest latency), a packet arriving more than
 * {@value #HIGH_ABOVE_START_MILLIS} ms above the start level (or with all
 * {@value #AL_BUFFERS} buffers in use) is dropped, and when the queue never went
 * {@value #TRIM_ABOVE_START_MILLIS} ms above it for a whole second (the level a burst of
 * packets left behind), one is dropped. Buffering starts from the newest packets, and playback
 * only once the output device is mixing (a sound server's new stream can stall for a second
 * first; then the picture has no clock and is shown at once). Drops and stalls are counted. A lost packet (the next one's capture time later than
 * the end of the previous one) is replaced by as much silence, so the sound keeps its timing:
 * FFmpeg's Opus decoders offer no loss concealment through the send/receive API.
 */
public final class AudioPlayer implements AudioDecodeStage.AudioSink, PresentationClock, AutoCloseable {
    public static final int SAMPLE_RATE = 48_000;
    private static final Logger log = LoggerFactory.getLogger(AudioPlayer.class);
    private static final int CHANNELS = 2;
    private static final int MAX_CHUNK_SAMPLES = 5760; // 120 ms, the longest Opus packet
    private static final int AL_BUFFERS = 24; // 240 ms of 10 ms packets: the highest start level and its margin
    private static final int CHUNKS = 32;
    private static final int POLL_MILLIS = 2;
    private static final int MIN_START_MILLIS = 20;
    private static final int MAX_START_MILLIS = 120;
    private static final int START_STEP_MILLIS = 10;
    private static final int CALM_SECONDS = 10;
    private static final int HIGH_ABOVE_START_MILLIS = 60;
    private static final int TRIM_ABOVE_START_MILLIS = 10;
    private static final long TRIM_WINDOW_NANOS = 1_000_000_000L;
    private static final long HEARD_SAMPLE_NANOS = 10_000_000L;
    private static final int DEVICE_STALL_MILLIS = 100;
    /** ATSC IS-191: sound may lead the picture by up to 15 ms unnoticed. */
    private static final long MAX_SOUND_LEAD_MICROS = 15_000;
    /** A gap in capture times from half a packet to MAX is loss, filled with silence; longer is a new time line. */
    private static final long MIN_FILL_MICROS = 10_000;
    private static final long MAX_FILL_MICROS = 120_000;

    /** One packet's PCM on its way from the decode thread to the output thread. */
    private static final class Chunk {
        final short[] pcm = new short[MAX_CHUNK_SAMPLES * CHANNELS];
        int samples;
        long captureMicros;
    }

    private final OpenAlOutput output;
    private final ViewerStats stats;
    private final LongSupplier nanoTime;
    private final PlaybackClock clock = new PlaybackClock();
    private final ArrayBlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final ArrayBlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS);
    private final QueuedBuffers queued = new QueuedBuffers(AL_BUFFERS);
    private final int[] freeBuffers = new int[AL_BUFFERS];
    private int freeBufferCount;
    private long expectedCaptureMicros = -1; // decode thread: where the next packet should start
    private int source;
    private boolean playing;
    private int trimPackets; // 0 or 1: one at a time, each moves the sound (and the picture) a packet on
    private long lowestQueuedMicros = Long.MAX_VALUE;
    private long trimWindowStartNanos;
    private long startMicros = MIN_START_MILLIS * 1000L;
    private long lastStartChangeNanos;
    private long lastHeardSampleNanos;
    private final long[] deviceClock = new long[1];
    private long lastDeviceClock = Long.MIN_VALUE;
    private long lastDeviceAdvanceNanos;
    private boolean deviceAdvanced;
    private final MediaClock wallClock = MediaClock.system();
    private volatile boolean followsPicture;
    private volatile boolean closed;

    private AudioPlayer(OpenAlOutput output, ViewerStats stats, LongSupplier nanoTime) {
        this.output = output;
        this.stats = stats;
        this.nanoTime = nanoTime;
        for (int i = 0; i < CHUNKS; i++) {
            free.add(new Chunk());
        }
    }

    /**
     * Opens an output device ("default", or a name OpenAL lists). Run {@link #run()} on a thread
     * of its own, then {@link #close()} after that thread ended.
     *
     * @throws AudioOutputException with a one-line reason
     */
    public static AudioPlayer open(String deviceName, ViewerStats stats, PrintStream out) throws AudioOutputException {
        return open(deviceName, SyncMode.AUDIO, stats, out);
    }

    /**
     * As {@link #open(String, ViewerStats, PrintStream)}; with {@link SyncMode#VIDEO} the sound
     * (re)starts in step with the picture on screen ({@link ViewerStats#pictureOnScreenMicros}),
     * at most {@value #MAX_SOUND_LEAD_MICROS} µs ahead of it, rather than as early as it can.
     */
    public static AudioPlayer open(String deviceName, SyncMode sync, ViewerStats stats, PrintStream out)
            throws AudioOutputException {
        AudioPlayer p = new AudioPlayer(OpenAlOutput.open(deviceName, out), stats, System::nanoTime);
        p.followsPicture = sync == SyncMode.VIDEO;
        return p;
    }

    /** The device OpenAL opened, as it names it. */
    public String deviceName() {
        return output.name;
    }

    /** Decode thread: copies the packet (and silence for a lost one before it) for the output thread. */
    @Override
    public void onAudio(short[] pcm, int samplesPerChannel, long captureMicros) {
        if (captureMicros > 0 && expectedCaptureMicros > 0) {
            long gap = captureMicros - expectedCaptureMicros;
            if (gap >= MIN_FILL_MICROS && gap <= MAX_FILL_MICROS) {
                handOver(null, (int) (gap * SAMPLE_RATE / 1_000_000L), expectedCaptureMicros);
            }
        }
        handOver(pcm, samplesPerChannel, captureMicros);
        expectedCaptureMicros = captureMicros > 0 ? captureMicros + samplesPerChannel * 1_000_000L / SAMPLE_RATE : -1;
    }

    private void handOver(short[] pcm, int samples, long captureMicros) {
        Chunk c = free.poll();
        if (c == null) {
            stats.audioDropped.increment(); // the output thread is not keeping up
            return;
        }
        int n = Math.min(samples, MAX_CHUNK_SAMPLES);
        if (pcm == null) {
            Arrays.fill(c.pcm, 0, n * CHANNELS, (short) 0);
        } else {
            System.arraycopy(pcm, 0, c.pcm, 0, n * CHANNELS);
        }
        c.samples = n;
        c.captureMicros = captureMicros;
        filled.add(c);
    }

    /** The output thread's loop; ends when interrupted or closed. Every OpenAL call happens here. */
    public void run() {
        ALCapabilities caps = output.makeCurrent();
        boolean latencyKnown = caps.AL_SOFT_source_latency;
        ShortBuffer upload = MemoryUtil.memAllocShort(MAX_CHUNK_SAMPLES * CHANNELS);
        long[] offsetAndLatency = new long[2];
        try {
            source = alGenSources();
            alGenBuffers(freeBuffers);
            freeBufferCount = AL_BUFFERS; // deleted in finally, whatever happens next
            int error = alGetError();
            if (error != AL_NO_ERROR) {
                log.error("cannot create an OpenAL source and buffers (AL error 0x{}); playing without sound",
                        Integer.toHexString(error));
                return;
            }
            while (!closed && !Thread.currentThread().isInterrupted()) {
                service(upload, latencyKnown, offsetAndLatency);
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000L);
            }
        } finally {
            clock.stop();
            if (source != 0) {
                alSourceStop(source);
                while (!queued.isEmpty()) {
                    freeBuffers[freeBufferCount++] = queued.removeOldest();
                }
                alDeleteSources(source);
                alDeleteBuffers(Arrays.copyOf(freeBuffers, freeBufferCount));
            }
            MemoryUtil.memFree(upload);
            output.release();
        }
    }

    private void service(ShortBuffer upload, boolean latencyKnown, long[] offsetAndLatency) {
        for (int n = alGetSourcei(source, AL_BUFFERS_PROCESSED); n > 0; n--) {
            alSourceUnqueueBuffers(source);
            freeBuffers[freeBufferCount++] = queued.removeOldest();
        }
        boolean deviceRunning = deviceRunning();
        if (playing && alGetSourcei(source, AL_SOURCE_STATE) != AL_PLAYING) {
            stopAndFlush(); // ran dry: wait for the queue to refill before playing on
            stats.audioUnderruns.increment();
            startMicros = Math.min(MAX_START_MILLIS * 1000L, startMicros + START_STEP_MILLIS * 1000L);
            lastStartChangeNanos = nanoTime.getAsLong();
        } else if (playing && !deviceRunning) {
            // the output stopped taking sound (a sound server still starting its stream, a stalled
            // device): no clock for the picture, and start again from the newest sound once it runs
            alSourceStop(source);
            stopAndFlush();
            stats.audioStalls.increment();
        }
        if (!playing && (!readyToStart() || !deviceRunning)) {
            return;
        }
        long offset = playing ? position(latencyKnown, offsetAndLatency) : 0;
        long queuedMicros = (queued.totalSamples() - offset) * 1_000_000L / SAMPLE_RATE;
        Chunk c;
        while ((c = filled.poll()) != null) {
            boolean tooFarAhead = queuedMicros > startMicros + HIGH_ABOVE_START_MILLIS * 1000L;
            if (freeBufferCount == 0 || tooFarAhead || (trimPackets > 0 && playing)) {
                trimPackets = Math.max(0, trimPackets - 1);
                stats.audioDropped.increment();
            } else {
                int id = freeBuffers[--freeBufferCount];
                upload.clear().put(c.pcm, 0, c.samples * CHANNELS).flip();
                alBufferData(id, AL_FORMAT_STEREO16, upload, SAMPLE_RATE);
                alSourceQueueBuffers(source, id);
                queued.add(id, c.samples, c.captureMicros);
                queuedMicros += c.samples * 1_000_000L / SAMPLE_RATE;
            }
            free.add(c);
        }
        if (!playing && (queuedMicros >= startMicros || freeBufferCount == 0)) { // short packets may fill every buffer first
            alSourcePlay(source);
            playing = true;
            lowestQueuedMicros = Long.MAX_VALUE;
            trimWindowStartNanos = nanoTime.getAsLong();
        }
        stats.audioQueuedMicros = queuedMicros;
        if (playing) {
            watchLevel(queuedMicros);
            updateClock(latencyKnown, offsetAndLatency);
        }
    }

    private void stopAndFlush() {
        playing = false;
        clock.stop();
        while (!queued.isEmpty()) {
            alSourceUnqueueBuffers(source);
            freeBuffers[freeBufferCount++] = queued.removeOldest();
        }
    }

    /**
     * Whether the output device is mixing: its clock (ALC_SOFT_device_clock) moved within the last
     * {@value #DEVICE_STALL_MILLIS} ms. PulseAudio streams of OpenAL Soft stall for up to 1.5 s
     * after the device opens; sound queued then would be heard that much late, and a picture
     * timed by it held. Without the extension the device is taken as running.
     */
    private boolean deviceRunning() {
        if (!output.alcCapabilities.ALC_SOFT_device_clock) {
            return true;
        }
        long now = nanoTime.getAsLong();
        SOFTDeviceClock.alcGetInteger64vSOFT(output.device, SOFTDeviceClock.ALC_DEVICE_CLOCK_SOFT, deviceClock);
        if (lastDeviceClock != Long.MIN_VALUE && deviceClock[0] != lastDeviceClock) {
            lastDeviceAdvanceNanos = now;
            deviceAdvanced = true;
        }
        lastDeviceClock = deviceClock[0];
        return deviceAdvanced && now - lastDeviceAdvanceNanos <= DEVICE_STALL_MILLIS * 1_000_000L;
    }

    /**
     * Buffering: true once the packets waiting add up to the start level, keeping only the newest
     * of them (a burst after a stall would otherwise stay as latency).
     */
    private boolean readyToStart() {
        long waiting = 0;
        for (Chunk k : filled) {
            waiting += k.samples;
        }
        stats.audioQueuedMicros = waiting * 1_000_000L / SAMPLE_RATE;
        long start = startMicros * SAMPLE_RATE / 1_000_000L;
        if (waiting < start) {
            return false;
        }
        long picture = followsPicture ? stats.pictureOnScreenMicros(nanoTime.getAsLong()) : 0;
        if (picture > 0 && filled.peek() != null && filled.peek().captureMicros > 0) {
            // --sync video: the sound starts with the picture on screen, never ahead of it
            for (Chunk k = filled.peek(); k != null && k.captureMicros > 0
                    && k.captureMicros + k.samples * 1_000_000L / SAMPLE_RATE < picture; k = filled.peek()) {
                free.add(filled.poll());
                stats.audioDropped.increment();
            }
            Chunk first = filled.peek();
            return first != null && first.captureMicros <= picture + MAX_SOUND_LEAD_MICROS;
        }
        for (Chunk k = filled.peek(); k != null && waiting - k.samples >= start; k = filled.peek()) {
            waiting -= k.samples;
            free.add(filled.poll());
            stats.audioDropped.increment();
        }
        return true;
    }

    /** Samples of the oldest queued buffer already played; with the latency in offsetAndLatency[1] (ns). */
    private long position(boolean latencyKnown, long[] offsetAndLatency) {
        if (latencyKnown) {
            SOFTSourceLatency.alGetSourcei64vSOFT(source, SOFTSourceLatency.AL_SAMPLE_OFFSET_LATENCY_SOFT,
                    offsetAndLatency);
            return offsetAndLatency[0] >> 32; // 32.32 fixed point
        }
        offsetAndLatency[1] = 0;
        return alGetSourcei(source, AL_SAMPLE_OFFSET);
    }

    private void updateClock(boolean latencyKnown, long[] offsetAndLatency) {
        long now = nanoTime.getAsLong();
        long offset = position(latencyKnown, offsetAndLatency);
        long mixing = queued.captureAt(offset);
        long end = queued.endCaptureMicros();
        if (mixing <= 0 || end <= 0) {
            clock.stop(); // capture times not known yet (no sender report): play, but keep no clock
            return;
        }
        // what is heard now left the mixer the output's latency ago
        clock.observe(mixing - offsetAndLatency[1] / 1000, end, now);
        stats.audioOutputLatencyMicros = offsetAndLatency[1] / 1000;
        if (now - lastHeardSampleNanos >= HEARD_SAMPLE_NANOS && stats.audioCaptureMeasured) {
            lastHeardSampleNanos = now;
            stats.heardLatency.record(wallClock.nowUnixMicros() - clock.read(now));
        }
    }

    /** Drops a packet when the queue stayed above the trim level a whole window; eases the start level when calm. */
    private void watchLevel(long queuedMicros) {
        lowestQueuedMicros = Math.min(lowestQueuedMicros, queuedMicros);
        long now = nanoTime.getAsLong();
        if (now - trimWindowStartNanos >= TRIM_WINDOW_NANOS) {
            trimPackets = lowestQueuedMicros > startMicros + TRIM_ABOVE_START_MILLIS * 1000L ? 1 : 0;
            lowestQueuedMicros = Long.MAX_VALUE;
            trimWindowStartNanos = now;
        }
        if (startMicros > MIN_START_MILLIS * 1000L && now - lastStartChangeNanos >= CALM_SECONDS * 1_000_000_000L) {
            startMicros -= START_STEP_MILLIS * 1000L;
            lastStartChangeNanos = now;
        }
    }

    /** Capture time of the sound heard now (µs since the epoch), 0 when nothing plays. Any thread. */
    @Override
    public long playingCaptureMicros() {
        return clock.read(nanoTime.getAsLong());
    }

    /** Stops {@link #run()} (if it still runs) and closes the device; call after its thread ended. */
    @Override
    public void close() {
        closed = true;
        output.close();
    }
}
