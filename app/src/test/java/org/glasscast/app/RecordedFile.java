package org.glasscast.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.glasscast.protocol.pattern.PatternCode;

/** A recording as Debian's ffprobe and ffmpeg see it: its packets, its decoded frames and sound. */
final class RecordedFile {
    static final int SAMPLE_RATE = 48_000;

    record Packet(int stream, double ptsSeconds, boolean keyframe) {
    }

    /** A decoded picture: its burned-in code (index -1 if unreadable) and whether it is the white flash. */
    record Frame(long index, long captureMicros, boolean flash) {
    }

    private RecordedFile() {
    }

    /** The codec of each stream, in order. */
    static List<String> codecs(Path dir, Path file) throws Exception {
        return run(dir, "ffprobe", "ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
                file.toString()).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /** Every packet in file order: stream index, presentation time, keyframe flag. */
    static List<Packet> packets(Path dir, Path file) throws Exception {
        List<Packet> out = new ArrayList<>();
        for (String line : run(dir, "packets", "ffprobe", "-v", "error", "-show_entries",
                "packet=stream_index,pts_time,flags", "-of", "csv=p=0", file.toString()).lines().toList()) {
            String[] f = line.strip().split(",");
            if (f.length >= 3) {
                out.add(new Packet(Integer.parseInt(f[0]), Double.parseDouble(f[1]), f[2].startsWith("K")));
            }
        }
        return out;
    }

    /** Samples per channel of each decoded audio frame (one per Opus packet), in order. */
    static List<Integer> audioFrameSamples(Path dir, Path file) throws Exception {
        return run(dir, "audio-frames", "ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                "frame=nb_samples", "-of", "csv=p=0", file.toString()).lines().map(String::strip)
                .filter(l -> !l.isEmpty()).map(Integer::valueOf).toList();
    }

    /**
     * When the file's first picture was captured (µs since the epoch), from its {@code capture_start}
     * tag (Matroska spells it CAPTURE_START; ffprobe matches either).
     */
    static long captureStartMicros(Path dir, Path file) throws Exception {
        String value = run(dir, "capture-start", "ffprobe", "-v", "error", "-show_entries", "format_tags=capture_start",
                "-of", "csv=p=0", file.toString()).strip();
        assertThat(value).as("%s: capture_start tag", file).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        Instant t = Instant.parse(value);
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** The file's duration as ffprobe reports it (the container's, as {@code ffmpeg -f concat} takes it). */
    static double duration(Path dir, Path file) throws Exception {
        return Double.parseDouble(run(dir, "duration", "ffprobe", "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", file.toString()).strip());
    }

    static List<Double> videoPts(List<Packet> packets, int videoStream) {
        return packets.stream().filter(p -> p.stream() == videoStream).map(Packet::ptsSeconds).sorted().toList();
    }

    /** Decodes the video (every frame, its own timestamps) and reads each picture's code and brightness. */
    static List<Frame> frames(Path dir, Path file, int width, int height) throws Exception {
        Path raw = dir.resolve(file.getFileName() + ".gray");
        run(dir, "decode", "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:v:0",
                "-fps_mode", "passthrough", "-enc_time_base", "-1", "-f", "rawvideo", "-pix_fmt", "gray", "-y",
                raw.toString());
        List<Frame> out = new ArrayList<>();
        byte[] picture = new byte[width * height];
        try (InputStream in = Files.newInputStream(raw)) {
            while (in.readNBytes(picture, 0, picture.length) == picture.length) {
                PatternCode.Reading r = PatternCode.read(ByteBuffer.wrap(picture), width, width, height);
                long sum = 0;
                for (int i = width * height / 2; i < picture.length; i++) {
                    sum += picture[i] & 0xFF;
                }
                boolean flash = sum / (double) (picture.length - width * height / 2) > 220;
                out.add(r == null ? new Frame(-1, -1, flash) : new Frame(r.frameIndex(), r.captureMicros(), flash));
            }
        }
        Files.delete(raw);
        return out;
    }

    /** The sound as mono 48 kHz samples, sample n at n/48000 s of the file's timeline (silence before it starts). */
    static short[] audio(Path dir, Path file) throws Exception {
        Path pcm = dir.resolve(file.getFileName() + ".pcm");
        run(dir, "decode-audio", "ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-map", "0:a:0",
                "-af", "aresample=async=1:first_pts=0", "-ac", "1", "-ar", String.valueOf(SAMPLE_RATE), "-f", "s16le",
                "-y", pcm.toString());
        short[] out = pcm(pcm);
        Files.delete(pcm);
        return out;
    }

    /** A file of raw signed 16-bit little-endian samples. */
    static short[] pcm(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[b.remaining() / 2];
        b.asShortBuffer().get(out);
        return out;
    }

    /** When each beep starts (s): the sound rises above -10 dBFS, which the quiet tone never reaches. */
    static List<Double> beepOnsets(short[] pcm) {
        List<Double> out = new ArrayList<>();
        long last = -SAMPLE_RATE;
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > 0.3 * Short.MAX_VALUE && i - last > SAMPLE_RATE / 2) {
                out.add(i / (double) SAMPLE_RATE);
                last = i;
            }
        }
        return out;
    }

    private static String run(Path dir, String name, String... command) throws Exception {
        try (Proc p = Proc.start(dir, name, List.of(command))) {
            assertThat(p.waitFor(120)).as(String.join(" ", command) + "\n" + p.err()).isZero();
            return p.out();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        }
    }
}
