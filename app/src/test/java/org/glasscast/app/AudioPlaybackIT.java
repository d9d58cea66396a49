package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glasscast.sender.Sender;
import org.glasscast.sender.SenderConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer's sound, played for real: {@code glasscast view --headless --audio-out default} in a
 * process of its own whose OpenAL Soft writes what it plays to a WAV file (its wave backend,
 * chosen by an ALSOFT_CONF file), watching the test pattern with the test tone (440 Hz, a 50 ms
 * 1 kHz beep at each whole second of capture time). The file must hold that tone and those
 * beeps a second apart, and over a minute the A/V offset the viewer reports at each second,
 * measured at every frame it shows against the playback clock, stays within ATSC IS-191's window
 * (the sound at most 45 ms behind the picture, at most 15 ms ahead).
 */
class AudioPlaybackIT {
    private static final int SAMPLE_RATE = 48_000;
    private static final Pattern AV = Pattern.compile(" av=([+-][0-9.]+) ms ");

    @TempDir
    Path dir;

    @Test
    void viewerPlaysTheToneAndKeepsPictureInStepWithTheSoundForAMinute() throws Exception {
        Path wav = dir.resolve("played.wav");
        Map<String, String> env = waveWriter(dir, wav);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (Sender sender = Sender.start(SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withSize(320, 240).withAudio("test"), quiet);
             Proc viewer = Proc.glasscastWithEnv(dir, "view", env, "view",
                     "rtsp://127.0.0.1:" + sender.rtspPort() + "/live", "--headless", "--verify-pattern",
                     "--audio-out", "default", "--duration", "63")) {
            assertThat(viewer.waitFor(120)).as(viewer.err()).isZero();
            List<Double> offsets = avOffsets(viewer.out());
            System.out.printf(Locale.ROOT, "A/V offset per second (ms): %s%nlast status: %s%n", offsets,
                    viewer.out().lines().filter(l -> l.contains(" av=")).reduce((x, y) -> y).orElse(""));
            assertThat(offsets).as("a reported A/V offset each second of the minute; stdout:%n%s", viewer.out())
                    .hasSizeGreaterThanOrEqualTo(58);
            // ATSC IS-191: the sound may lag the picture by up to 45 ms and lead it by up to 15 ms
            assertThat(offsets).as("A/V offset per second, ms (sound behind the picture positive)")
                    .allMatch(ms -> ms >= -15 && ms <= 45);
        }
        short[] left = leftChannel(wav);
        assertThat(left.length).as("samples played").isGreaterThan(55 * SAMPLE_RATE);
        List<Integer> beeps = beepOnsets(left);
        List<Integer> intervalsMs = new ArrayList<>();
        for (int i = 1; i < beeps.size(); i++) {
            intervalsMs.add((int) Math.round((beeps.get(i) - beeps.get(i - 1)) * 1000.0 / SAMPLE_RATE));
        }
        System.out.printf(Locale.ROOT, "beeps %d, intervals (ms): %s%n", beeps.size(), intervalsMs);
        assertThat(beeps).as("1 kHz beeps played in a minute").hasSizeGreaterThanOrEqualTo(55);
        // a second apart, give or take what an underrun (silence while refilling) or a dropped
        // packet (a busy machine's burst, played late) moves one of them
        List<Integer> sorted = intervalsMs.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() / 2)).as("median interval between beeps (%s ms)", intervalsMs)
                .isBetween(998, 1002);
        assertThat(intervalsMs.stream().filter(ms -> Math.abs(ms - 1000) <= 100).count())
                .as("beeps a second apart (intervals %s ms)", intervalsMs)
                .isGreaterThanOrEqualTo(intervalsMs.size() * 9L / 10);
        int between = beeps.get(beeps.size() / 2) + SAMPLE_RATE / 2; // half a second after a beep: the tone
        assertThat(zeroCrossingHz(left, between, SAMPLE_RATE * 4 / 10)).as("the tone's frequency").isBetween(435.0, 445.0);
        assertThat(power(left, between, 4800, 440)).as("440 Hz dominates 1 kHz and 2 kHz between beeps")
                .isGreaterThan(100 * power(left, between, 4800, 1000))
                .isGreaterThan(100 * power(left, between, 4800, 2000));
    }

    @Test
    void withoutASoundDeviceItPlaysToTheNullOutputAndSaysSo() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("runtime")); // no sound server's socket in it
        Map<String, String> env = new HashMap<>();
        env.put("ALSOFT_CONF", null);
        env.put("ALSOFT_DRIVERS", null);
        env.put("PULSE_SERVER", null);
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        boolean soundCard;
        try (var devices = Files.list(Path.of("/dev/snd"))) {
            soundCard = devices.anyMatch(p -> p.getFileName().toString().matches("pcmC\\d+D\\d+p"));
        } catch (IOException e) {
            soundCard = false;
        }
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        try (Sender sender = Sender.start(SenderConfig.testPattern(new InetSocketAddress("127.0.0.1", 0))
                .withSize(320, 240).withAudio("test"), quiet)) {
            String url = "rtsp://127.0.0.1:" + sender.rtspPort() + "/live";
            try (Proc viewer = Proc.glasscastWithEnv(dir, "null", env, "view", url, "--headless", "--audio-out",
                    "default", "--duration", "4")) {
                assertThat(viewer.waitFor(60)).as(viewer.err()).isZero();
                if (!soundCard) {
                    assertThat(viewer.out()).contains("view: no audio device; playing to the null output");
                }
                assertThat(avOffsets(viewer.out())).as("A/V offsets measured against the playback clock; stdout:%n%s",
                        viewer.out()).isNotEmpty();
            }
            try (Proc viewer = Proc.glasscastWithEnv(dir, "nosuch", env, "view", url, "--headless", "--audio-out",
                    "no-such-speaker", "--duration", "4")) {
                assertThat(viewer.waitFor(60)).isEqualTo(1);
                assertThat(viewer.err().lines().filter(l -> l.startsWith("glasscast: ")).findFirst().orElse(""))
                        .startsWith("glasscast: no audio output 'no-such-speaker' (outputs: ");
                assertThat(viewer.err()).doesNotContain("\tat ");
            }
        }
    }

    private static List<Double> avOffsets(String stdout) {
        List<Double> offsets = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            Matcher m = AV.matcher(line);
            if (m.find()) {
                offsets.add(Double.parseDouble(m.group(1)));
            }
        }
        return offsets;
    }

    /** The left channel of a 16-bit stereo WAV (OpenAL Soft writes WAVE_FORMAT_EXTENSIBLE with a data chunk). */
    private static short[] leftChannel(Path wav) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).as("RIFF").isEqualTo(0x46464952);
        int pos = 12;
        int channels = 0;
        int bits = 0;
        while (pos + 8 <= b.limit()) {
            int id = b.getInt(pos);
            int size = b.getInt(pos + 4);
            if (id == 0x20746d66) { // "fmt "
                channels = b.getShort(pos + 10);
                bits = b.getShort(pos + 22);
            } else if (id == 0x61746164) { // "data": the wave backend may leave its size 0 until it closes
                assertThat(channels).as("channels").isEqualTo(2);
                assertThat(bits).as("bits per sample").isEqualTo(16);
                int end = size > 0 ? Math.min(b.limit(), pos + 8 + size) : b.limit();
                short[] left = new short[(end - pos - 8) / 4];
                for (int i = 0; i < left.length; i++) {
                    left[i] = b.getShort(pos + 8 + 4 * i);
                }
                return left;
            }
            pos += 8 + size + (size & 1);
        }
        throw new AssertionError("no data chunk in " + wav);
    }

    /** Where each 1 kHz beep starts, in samples: the first 5 ms block where 1 kHz outweighs 440 Hz. */
    private static List<Integer> beepOnsets(short[] pcm) {
        int block = SAMPLE_RATE / 200;
        List<Integer> onsets = new ArrayList<>();
        boolean inBeep = false;
        for (int at = 0; at + block <= pcm.length; at += block) {
            boolean beep = peak(pcm, at, block) > 0.3 * Short.MAX_VALUE // the -6 dBFS beep, not dither or the tone
                    && power(pcm, at, block, 1000) > 10 * power(pcm, at, block, 440);
            if (beep && !inBeep) {
                onsets.add(refineOnset(pcm, at - block, 2 * block));
            }
            inBeep = beep;
        }
        return onsets;
    }

    private static int peak(short[] pcm, int from, int length) {
        int peak = 0;
        for (int i = from; i < from + length; i++) {
            peak = Math.max(peak, Math.abs(pcm[i]));
        }
        return peak;
    }

    /** The first sample louder than the tone alone can be (the beep adds -6 dBFS to its -20 dBFS). */
    private static int refineOnset(short[] pcm, int from, int length) {
        for (int i = Math.max(0, from); i < Math.min(pcm.length, from + length); i++) {
            if (Math.abs(pcm[i]) > 0.15 * Short.MAX_VALUE) {
                return i;
            }
        }
        return Math.max(0, from);
    }

    /** Power of one frequency in {@code length} samples from {@code from} (Goertzel). */
    private static double power(short[] pcm, int from, int length, double hz) {
        double k = 2 * Math.cos(2 * Math.PI * hz / SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = from; i < from + length; i++) {
            double s0 = pcm[i] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - k * s1 * s2;
    }

    private static double zeroCrossingHz(short[] pcm, int from, int length) {
        int crossings = 0;
        for (int i = from + 1; i < from + length; i++) {
            if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
                crossings++;
            }
        }
        return crossings / 2.0 / ((double) length / SAMPLE_RATE);
    }

    /**
     * The environment of a process whose OpenAL Soft writes what it plays to {@code wav} (its wave
     * backend, chosen by an ALSOFT_CONF file written into {@code dir}) instead of a sound device.
     */
    static Map<String, String> waveWriter(Path dir, Path wav) throws IOException {
        Path conf = Files.writeString(dir.resolve("alsoft.conf"), String.join("\n",
                "[general]", "drivers = wave", "sample-type = int16", "channels = stereo",
                "[wave]", "file = " + wav, ""));
        Map<String, String> env = new HashMap<>();
        env.put("ALSOFT_CONF", conf.toString());
        env.put("ALSOFT_DRIVERS", null);
        return env;
    }
}
