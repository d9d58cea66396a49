package org.glasscast.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.glasscast.sender.source.screen.Xvfb;

/**
 * {@link AvMeter} against marks made at known times ({@link KnownMarks}): a private Xvfb whose
 * root window turns white at every whole second, and a PulseAudio null sink that plays a beep at
 * every whole second by PulseAudio's own account. What the meter reads minus what was made is its
 * error, for the picture, the sound and their offset.
 */
final class MeterCalibration {
    /** One second: the true and the measured times of its flash and beep, µs since the epoch. */
    record Mark(long second, double trueFlash, double flashBracket, double trueBeep, double meterFlash,
                double meterBeep, double grabGap) {
        double videoErrorMillis() {
            return (meterFlash - trueFlash) / 1000;
        }

        double audioErrorMillis() {
            return (meterBeep - trueBeep) / 1000;
        }

        double avErrorMillis() {
            return ((meterBeep - meterFlash) - (trueBeep - trueFlash)) / 1000;
        }
    }

    private MeterCalibration() {
    }

    /**
     * {@code seconds} whole seconds of marks; the beeps are played with a {@code bufferMillis}
     * PulseAudio buffer (the sink's own latency follows the smallest buffer asked of it).
     */
    static List<Mark> run(Path dir, double seconds, int grabFps, int bufferMillis, PrintStream log) throws Exception {
        TreeMap<Long, double[]> flashes = new TreeMap<>(); // second -> {true µs, bracket µs}
        AvMeter.Result result;
        List<Double> beepTimes;
        int unsure;
        try (PulseAudio pulse = PulseAudio.start(); Xvfb x = Xvfb.start(320, 240);
             KnownMarks.Flasher flasher = new KnownMarks.Flasher(x.display());
             KnownMarks.Beeper beeper = new KnownMarks.Beeper(pulse, bufferMillis)) {
            flasher.paint(false);
            AtomicReference<Exception> failed = new AtomicReference<>();
            long end = KnownMarks.nowMicros() + (long) ((seconds + 4) * 1e6);
            Thread sound = new Thread(() -> {
                try {
                    while (KnownMarks.nowMicros() < end) {
                        long now = KnownMarks.nowMicros();
                        long next = Math.floorDiv(now, 1_000_000L) * 1_000_000L + 1_000_000L;
                        beeper.writeBlock(next - now < 600_000 ? next : 0); // it plays a buffer later
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
            }, "meter-calibration-beeps");
            sound.start();
            try (AvMeter meter = AvMeter.start(x.display(), AvMeter.Region.flashArea(0, 0, 320, 240), grabFps, pulse,
                    dir)) {
                long first = Math.floorDiv(KnownMarks.nowMicros(), 1_000_000L) + 2;
                for (long s = first; s < first + (long) seconds; s++) {
                    sleepUntil(s * 1_000_000L);
                    long[] t = flasher.paint(true);
                    flashes.put(s, new double[] {(t[0] + t[1]) / 2.0, t[1] - t[0]});
                    sleepUntil(s * 1_000_000L + 200_000);
                    flasher.paint(false);
                }
                sleepUntil((first + (long) seconds) * 1_000_000L + 300_000);
                result = meter.stop(second -> second * 1_000_000L);
            }
            sound.join();
            if (failed.get() != null) {
                throw failed.get();
            }
            beepTimes = beeper.beepPlayTimes();
            unsure = beeper.unsure();
        }
        TreeMap<Long, Double> beeps = new TreeMap<>();
        for (double b : beepTimes) {
            beeps.put(Math.floorDiv((long) b + 100_000, 1_000_000L), b);
        }
        List<Mark> marks = new ArrayList<>();
        for (AvMeter.Second s : result.flashes()) {
            double[] f = flashes.get(s.second());
            Double b = beeps.get(s.second());
            if (f != null && b != null && !Double.isNaN(s.beepMicros())) {
                marks.add(new Mark(s.second(), f[0], f[1], b, s.flashMicros(), s.beepMicros(), s.flashGrabGapMicros()));
            }
        }
        log.printf(Locale.ROOT, "  %d flashes and %d beeps made (%d more whose play time PulseAudio's reports left"
                        + " unsure), the meter found %d flashes (and %d more during a stall of its screen recording) and"
                        + " %d beeps (%d grabs at %d/s; the sink's latency %.1f ms, configured %.1f ms)%n", flashes.size(),
                beeps.size(), unsure, result.flashes().size(), result.unplacedFlashes().size(),
                result.beeps().size(), result.grabs(), grabFps, result.sinkLatencyMillis(),
                result.sinkConfiguredLatencyMillis());
        return marks;
    }

    /** The figures: errors in ms (median, p95 of the absolute error, worst), the grab gap and the X round trip. */
    static Map<String, Double> figures(List<Mark> marks) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("seconds_compared", (double) marks.size());
        put(f, "video_error", marks.stream().mapToDouble(Mark::videoErrorMillis).toArray());
        put(f, "audio_error", marks.stream().mapToDouble(Mark::audioErrorMillis).toArray());
        put(f, "av_error", marks.stream().mapToDouble(Mark::avErrorMillis).toArray());
        f.put("grab_gap_p50_ms", Figures.median(marks.stream().mapToDouble(m -> m.grabGap() / 1000).toArray()));
        f.put("grab_gap_max_ms", Figures.percentile(marks.stream().mapToDouble(m -> m.grabGap() / 1000).toArray(), 100));
        f.put("x_round_trip_p50_ms", Figures.median(marks.stream().mapToDouble(m -> m.flashBracket() / 1000).toArray()));
        return f;
    }

    private static void put(Map<String, Double> f, String name, double[] errors) {
        double[] abs = java.util.Arrays.stream(errors).map(Math::abs).toArray();
        f.put(name + "_p50_ms", Figures.median(errors));
        f.put(name + "_min_ms", Figures.percentile(errors, 0));
        f.put(name + "_max_ms", Figures.percentile(errors, 100));
        f.put(name + "_abs_p95_ms", Figures.percentile(abs, 95));
    }

    /** Sleeps to within a millisecond, then spins to the wall-clock time. */
    private static void sleepUntil(long wallMicros) {
        while (true) {
            long left = wallMicros - KnownMarks.nowMicros();
            if (left <= 0) {
                return;
            }
            if (left > 2000) {
                LockSupport.parkNanos((left - 1500) * 1000);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
