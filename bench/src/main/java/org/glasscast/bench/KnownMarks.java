package org.glasscast.bench;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.IntByReference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flashes and beeps at times we know, to calibrate {@link AvMeter}: the X screen's root window
 * turned white and back (Xlib through JNA: the time before the request and after XSync returns
 * bracket when the server changed the pixels), and a tone with 1 kHz beeps played into PulseAudio
 * (libpulse-simple through JNA: after every write, PulseAudio's own latency figure says when the
 * next sample will be played, so each beep sample's play time is known as PulseAudio accounts it,
 * which for a null sink is its clock and for a sound card the DAC).
 */
final class KnownMarks {
    private KnownMarks() {
    }

    /** µs since the epoch, from the same clock as ffmpeg's av_gettime (CLOCK_REALTIME). */
    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /** The root window of an X display painted white or black. One thread. */
    static final class Flasher implements AutoCloseable {
        private static final X11 X = Native.load("libX11.so.6", X11.class);
        private final Pointer display;
        private final long root;

        interface X11 extends com.sun.jna.Library {
            Pointer XOpenDisplay(String name);

            int XCloseDisplay(Pointer display);

            long XDefaultRootWindow(Pointer display);

            int XSetWindowBackground(Pointer display, long window, long pixel);

            int XClearWindow(Pointer display, long window);

            int XSync(Pointer display, int discard);
        }

        Flasher(String displayName) throws IOException {
            display = X.XOpenDisplay(displayName);
            if (display == null) {
                throw new IOException("cannot open X display " + displayName);
            }
            root = X.XDefaultRootWindow(display);
        }

        /** Paints the whole root window; returns {before, after} in µs: the pixels changed in between. */
        long[] paint(boolean white) {
            long before = nowMicros();
            X.XSetWindowBackground(display, root, white ? 0xFFFFFFL : 0L);
            X.XClearWindow(display, root);
            X.XSync(display, 0);
            return new long[] {before, nowMicros()};
        }

        @Override
        public void close() {
            X.XCloseDisplay(display);
        }
    }

    /**
     * A 440 Hz tone with 1 kHz beeps, written to PulseAudio in 5 ms blocks as fast as it takes
     * them (into a buffer of the asked length): a beep is placed in the stream where PulseAudio
     * expects to play it
     * at the asked wall time; its true play time is worked out from the latency reports after it
     * was written.
     */
    static final class Beeper implements AutoCloseable {
        private static final int RATE = 48_000;
        private static final int BLOCK = RATE / 200;
        private static final double MAX_SPREAD_MICROS = 2000;
        private static final PulseSimple PA = Native.load("libpulse-simple.so.0", PulseSimple.class);

        interface PulseSimple extends com.sun.jna.Library {
            Pointer pa_simple_new(String server, String name, int dir, String dev, String streamName,
                                  SampleSpec ss, Pointer map, BufferAttr attr, IntByReference error);

            int pa_simple_write(Pointer s, byte[] data, long bytes, IntByReference error);

            long pa_simple_get_latency(Pointer s, IntByReference error);

            void pa_simple_free(Pointer s);
        }

        /** pa_sample_spec. */
        @Structure.FieldOrder({"format", "rate", "channels"})
        public static final class SampleSpec extends Structure {
            public int format;
            public int rate;
            public byte channels;
        }

        /** pa_buffer_attr. */
        @Structure.FieldOrder({"maxlength", "tlength", "prebuf", "minreq", "fragsize"})
        public static final class BufferAttr extends Structure {
            public int maxlength;
            public int tlength;
            public int prebuf;
            public int minreq;
            public int fragsize;
        }

        /** After one write: when it returned, PulseAudio's latency then, and the samples written so far. */
        private record Report(long wallMicros, long latencyMicros, long written) {
            /** When sample {@code position} plays, by this report. */
            double playMicros(double position) {
                return wallMicros + latencyMicros - (written - position) * 1e6 / RATE;
            }
        }

        private final Pointer stream;
        private final List<Report> reports = new ArrayList<>();
        private final List<Double> beepPositions = new ArrayList<>();
        private long written;
        private double tonePhase;
        private double beepAt = Double.NaN;
        private int unsure;

        Beeper(PulseAudio pulse, int bufferMillis) throws IOException {
            SampleSpec ss = new SampleSpec();
            ss.format = 3; // PA_SAMPLE_S16LE
            ss.rate = RATE;
            ss.channels = 2;
            BufferAttr attr = new BufferAttr();
            attr.maxlength = -1;
            attr.tlength = bufferMillis * RATE / 1000 * 4;
            attr.prebuf = -1;
            attr.minreq = -1;
            attr.fragsize = -1;
            IntByReference error = new IntByReference();
            stream = PA.pa_simple_new(pulse.server(), "glasscast-meter-calibration", 1 /* PA_STREAM_PLAYBACK */, null,
                    "known beeps", ss, null, attr, error);
            if (stream == null) {
                throw new IOException("cannot play into PulseAudio (pa_simple_new error " + error.getValue() + ")");
            }
        }

        /**
         * Writes one 5 ms block; a beep is begun in it where the block will play across
         * {@code beepWallMicros} (0: none asked).
         */
        void writeBlock(long beepWallMicros) throws IOException {
            short[] pcm = new short[BLOCK * 2];
            if (beepWallMicros > 0 && !reports.isEmpty()) {
                double startPlay = reports.get(reports.size() - 1).playMicros(written);
                double intoBlock = (beepWallMicros - startPlay) * RATE / 1e6;
                if (intoBlock < BLOCK && intoBlock > -BLOCK && Double.isNaN(beepAt)) {
                    beepAt = written + Math.max(0, Math.round(intoBlock));
                    beepPositions.add(beepAt);
                }
            }
            for (int i = 0; i < BLOCK; i++) {
                double v = 0.1 * Math.sin(tonePhase);
                tonePhase += 2 * Math.PI * 440 / RATE;
                long position = written + i;
                if (!Double.isNaN(beepAt) && position >= beepAt) {
                    double t = (position - beepAt) / RATE;
                    if (t < 0.05) {
                        v += 0.5 * Math.sin(2 * Math.PI * 1000 * t);
                    } else {
                        beepAt = Double.NaN;
                    }
                }
                short s = (short) Math.round(v * Short.MAX_VALUE);
                pcm[2 * i] = s;
                pcm[2 * i + 1] = s;
            }
            byte[] bytes = new byte[pcm.length * 2];
            for (int i = 0; i < pcm.length; i++) {
                bytes[2 * i] = (byte) pcm[i];
                bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
            }
            IntByReference error = new IntByReference();
            if (PA.pa_simple_write(stream, bytes, bytes.length, error) < 0) {
                throw new IOException("pa_simple_write failed: " + error.getValue());
            }
            written += BLOCK;
            long latency = PA.pa_simple_get_latency(stream, error);
            reports.add(new Report(nowMicros(), latency, written));
        }

        /**
         * When each beep played, µs since the epoch: the median of what the reports made after it
         * was written and before it played say. A later report is no witness: after an underrun
         * (this thread held up longer than the buffer) the stream restarts later, and PulseAudio
         * reports 0 rather than a negative latency, which would move beeps played before it. A
         * beep whose witnesses disagree by more than {@value #MAX_SPREAD_MICROS} µs (an underrun
         * while it waited) is left out: its play time is not known.
         */
        List<Double> beepPlayTimes() {
            List<Double> times = new ArrayList<>();
            for (double p : beepPositions) {
                double[] t = reports.stream().filter(r -> r.written() > p && r.playMicros(p) >= r.wallMicros())
                        .mapToDouble(r -> r.playMicros(p)).toArray();
                if (t.length > 0 && Figures.percentile(t, 100) - Figures.percentile(t, 0) <= MAX_SPREAD_MICROS) {
                    times.add(Figures.median(t));
                } else {
                    unsure++;
                }
            }
            return times;
        }

        /** Beeps left out of {@link #beepPlayTimes()}: their play time was not known. */
        int unsure() {
            return unsure;
        }

        @Override
        public void close() {
            PA.pa_simple_free(stream);
        }
    }
}
