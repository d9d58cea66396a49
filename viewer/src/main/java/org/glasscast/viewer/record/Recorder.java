package org.glasscast.viewer.record;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.glasscast.protocol.h264.AccessUnit;
import org.glasscast.protocol.rtp.NtpTime;
import org.glasscast.viewer.rtp.CaptureClock;
import org.glasscast.viewer.rtp.TrackReceiver.AudioPacket;
import org.glasscast.viewer.stats.ViewerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder (thread {@code gc-record}): H.264 access units and Opus packets as received,
 * copied into Matroska or fragmented MP4 with each frame's capture time as its presentation time
 * (µs after the file's first keyframe, whose capture time the file's metadata holds), so the file
 * is as long as the capture was. Each file of a segmented recording starts at 0 and ends where
 * the next begins (its last picture and sound are counted to there), so they join end to start.
 *
 * <p>The event loop offers retained buffers to a bounded queue and never waits: a full queue
 * drops and counts, and the video then waits for the next keyframe. This thread starts a
 * recording at a keyframe (asking the sender for one), writes both tracks in timestamp order
 * (holding a packet until the other track has caught up, at most {@link #HOLD_MICROS}), starts
 * a new file at the first keyframe after {@code --segment} seconds or when the picture size
 * changes, and flushes the file every {@link #FLUSH_INTERVAL_MICROS} of media time. It says in one
 * line where a recording goes when its first file opens, and what it wrote when it stops. A file that
 * cannot be opened or written is reported in one line and the recording stops; the stream goes on.
 */
public final class Recorder implements RecordingControl {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final int QUEUE_CAPACITY = 512; // ~6 s of 30 fps video with 50 audio packets/s
    private static final long HOLD_MICROS = 1_000_000;
    private static final long FLUSH_INTERVAL_MICROS = 250_000; // what a kill -9 can lose, at most, besides the hold
    private static final long PRE_SKIP_MICROS = OpusPackets.PRE_SKIP * 1_000_000L / OpusPackets.SAMPLE_RATE;

    /** A retained payload with what the recording needs to place it; {@code captureMicros} ≤ 0 when unknown. */
    private record Item(long recording, boolean video, ByteBuf data, long rtpTimestamp, long captureMicros,
                        long arrivalMicros, boolean keyframe, boolean complete, boolean gapBefore) {
    }

    /** An audio packet at its capture time, waiting for the first keyframe. */
    private record Early(Item item, long captureMicros) {
    }

    private final RecordingPaths paths;
    private final double segmentSeconds;
    private final boolean audioTrack;
    private final H264Config sdpConfig;
    private final CaptureClock videoClock;
    private final LongSupplier wallMicros;
    private final Runnable keyframeRequest;
    private final ViewerStats stats;
    private final PrintStream out;
    private final ArrayBlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    /**
     * Counts R presses: odd while recording is wanted. Each packet carries the value it was offered
     * under, so a stop and a start apply where they happened in the stream, whatever the queue holds.
     */
    private final AtomicLong recordingNumber = new AtomicLong();
    private volatile boolean closed;
    private volatile long elapsedMicros;
    private volatile long bytes;
    private volatile Path path;
    private boolean videoGap; // event loop only
    private boolean audioGap; // event loop only

    // gc-record only
    private final Interleaver<Item> interleaver = new Interleaver<>(HOLD_MICROS, item -> item.data().release());
    /** Audio that arrived while waiting for the first keyframe. */
    private final ArrayDeque<Early> preroll = new ArrayDeque<>();
    private final TrackTime videoTime = new TrackTime(90_000);
    private final TrackTime audioTime = new TrackTime(OpusPackets.SAMPLE_RATE);
    private PacketBuffer buffer;
    private MuxedFile file;
    private H264Config fileConfig;
    private boolean active;
    private long activeNumber;
    private long failedNumber = -1;
    private boolean needKeyframe;
    private long originMicros;
    /** Where the file being written starts on the recording's timeline: its 0. */
    private long fileStartPts;
    /** Where the latest file decided on starts (the interleaver may still hold its first picture). */
    private long nextFileStartPts;
    private H264Config nextFileConfig;
    /** The latest presentation time queued (with B-frames not the last one's). */
    private long lastVideoPts;
    private DecodeTimestamps decodeTimes = new DecodeTimestamps(0);
    /** The latest presentation time written (B-frames: where a fragment may end). */
    private long lastWrittenVideoPts = -1;
    /** The latest sound packet's place in the file (its capture time less the Opus pre-skip). */
    private long lastAudioPts;
    private long videoFrames;
    /** Where the recording's last picture written ends (µs on its timeline). */
    private long endMicros;
    private Path firstPath;
    private int files;
    private long lastFlushPts;
    private long bytesBefore;
    private long bytesTotalBefore;

    /**
     * @param paths where files go; {@link RecordingPaths#currentDirectory} when there is no --record
     * @param startNow record from the start (--record) rather than on the first {@link #toggle()}
     * @param audioTrack the stream has an Opus track: files get an audio stream
     * @param spropParameterSets SPS and PPS of the SDP, used when a keyframe carries none; may be empty
     */
    public Recorder(RecordingPaths paths, double segmentSeconds, boolean startNow, boolean audioTrack,
                    List<byte[]> spropParameterSets, CaptureClock videoClock, LongSupplier wallMicros,
                    Runnable keyframeRequest, ViewerStats stats, PrintStream out) {
        this.paths = paths;
        this.segmentSeconds = segmentSeconds;
        this.audioTrack = audioTrack;
        this.sdpConfig = spropParameterSets.size() < 2 ? null
                : H264Config.of(spropParameterSets.get(0), spropParameterSets.get(1));
        this.videoClock = videoClock;
        this.wallMicros = wallMicros;
        this.keyframeRequest = keyframeRequest;
        this.stats = stats;
        this.out = out;
        this.recordingNumber.set(startNow ? 1 : 0);
    }

    public void newStream(List<byte[]> spropParameterSets) {
        // WIP: replaced by the recorder's own change
    }

    /** From the event loop: retains the access unit's content if recording; never blocks. */
    public void offerVideo(AccessUnit au) {
        long number = recordingNumber.get();
        if ((number & 1) == 0 || closed) {
            return;
        }
        long capture = au.absCaptureTimeNtp() != 0 ? NtpTime.toUnixMicros(au.absCaptureTimeNtp())
                : videoClock.unixMicros(au.rtpTimestamp());
        Item item = new Item(number, true, au.content().retain(), au.rtpTimestamp(), capture, wallMicros.getAsLong(),
                au.keyframe(), au.complete(), videoGap);
        videoGap = !enqueue(item);
    }

    /** From the event loop: retains the packet's payload if recording; never blocks. */
    public void offerAudio(AudioPacket p) {
        long number = recordingNumber.get();
        if ((number & 1) == 0 || closed || !audioTrack) {
            return;
        }
        Item item = new Item(number, false, p.payload().retain(), p.rtpTimestamp(), p.captureMicros(),
                wallMicros.getAsLong(), true, true, audioGap);
        audioGap = !enqueue(item);
    }

    private boolean enqueue(Item item) {
        if (!queue.offer(item)) {
            item.data().release();
            stats.recordDropped.increment();
            return false;
        }
        if (closed) {
            drainQueue(); // the thread has gone: nothing else will release it
        }
        return true;
    }

    @Override
    public void toggle() {
        recordingNumber.incrementAndGet();
    }

    @Override
    public boolean recording() {
        return (recordingNumber.get() & 1) == 1;
    }

    @Override
    public long elapsedMillis() {
        return elapsedMicros / 1000;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public Path path() {
        return path;
    }

    /** The thread's loop; ends when interrupted, after writing what was queued and finishing the file. */
    public void run() {
        buffer = new PacketBuffer();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Item item = queue.poll(50, TimeUnit.MILLISECONDS);
                step(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Item item;
                while ((item = queue.poll()) != null) {
                    step(item);
                }
                if (active) {
                    stop(true);
                }
            } finally {
                closed = true;
                drainQueue();
                buffer.close();
            }
        }
    }

    private void step(Item item) {
        if (item == null) {
            if (active && recordingNumber.get() != activeNumber) {
                stop(true); // stopped (R), and the queue holds nothing more of it
            }
            return;
        }
        if (item.recording() == failedNumber) {
            item.data().release();
            return;
        }
        if (active && item.recording() != activeNumber) {
            stop(true); // stopped and started again: this packet belongs to the next recording
        }
        if (!active) {
            activeNumber = item.recording();
            begin();
        }
        try {
            if (item.video()) {
                onVideo(item);
            } else {
                onAudio(item);
            }
            writeReady(false);
        } catch (RecordingException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            log.error("recording failed", e); // a bug: the stream must play on all the same
            fail(String.valueOf(e.getMessage()));
        }
    }

    private void begin() {
        active = true;
        file = null;
        needKeyframe = true;
        bytesBefore = 0;
        bytes = 0;
        elapsedMicros = 0;
        endMicros = 0;
        firstPath = null;
        files = 0;
        paths.newRecording();
    }

    private void onVideo(Item item) throws RecordingException {
        long capture = videoTime.micros(item.captureMicros(), item.rtpTimestamp(), item.arrivalMicros());
        if (item.gapBefore() || !item.complete()) {
            needKeyframe = true; // a frame is missing: what follows cannot be decoded until the next IDR
        }
        if (needKeyframe && !(item.keyframe() && item.complete())) {
            item.data().release();
            keyframeRequest.run();
            return;
        }
        if (file == null) {
            H264Config config = H264Config.of(item.data());
            if (config == null) {
                config = sdpConfig;
            }
            if (config == null) {
                item.data().release();
                return;
            }
            originMicros = capture;
            decodeTimes = new DecodeTimestamps(config.reorderFrames());
            lastWrittenVideoPts = -1;
            lastVideoPts = -1;
            lastAudioPts = -1;
            videoFrames = 0;
            interleaver.reset(audioTrack);
            nextFileStartPts = 0;
            nextFileConfig = config;
            open(config, 0);
            Early early;
            while ((early = preroll.poll()) != null) {
                placeAudio(early.item(), early.captureMicros());
            }
        }
        needKeyframe = false;
        long pts = capture - originMicros;
        if (decodeTimes.reorder() == 0) {
            pts = Math.max(pts, lastVideoPts + 1); // no B-frames: strictly increasing
        } else if (pts < 0) {
            item.data().release(); // a B-frame shown before the first keyframe: it needs the one before
            return;
        }
        lastVideoPts = Math.max(lastVideoPts, pts);
        boolean startsFile = startsFile(item, pts);
        interleaver.addVideo(item, pts, decodeTimes.next(pts), startsFile);
        if (segmentSeconds > 0 && !item.keyframe() && pts - nextFileStartPts >= segmentSeconds * 1e6) {
            keyframeRequest.run(); // the next segment starts at the next keyframe: ask for it now
        }
    }

    /**
     * Whether this access unit starts a new file: a keyframe after {@code --segment} seconds of
     * the file before, or with a new picture size. Decided as it is queued, so that the sound
     * queued with it can be sent to the file it belongs to.
     */
    private boolean startsFile(Item item, long pts) {
        if (!item.keyframe() || pts <= nextFileStartPts) {
            return false;
        }
        H264Config config = H264Config.of(item.data());
        boolean newSize = config != null && (config.width() != nextFileConfig.width()
                || config.height() != nextFileConfig.height());
        if (!newSize && !(segmentSeconds > 0 && pts - nextFileStartPts >= segmentSeconds * 1e6)) {
            return false;
        }
        nextFileStartPts = pts;
        if (config != null) {
            nextFileConfig = config;
        }
        return true;
    }

    private void onAudio(Item item) {
        long capture = audioTime.micros(item.captureMicros(), item.rtpTimestamp(), item.arrivalMicros());
        if (file == null) {
            // audio encodes faster than video: what follows the keyframe's capture may arrive before it
            preroll.add(new Early(item, capture));
            while (capture - preroll.peek().captureMicros() > HOLD_MICROS) {
                preroll.poll().item().data().release();
            }
            return;
        }
        placeAudio(item, capture);
    }

    /**
     * Queues a sound packet at its place in the file: its capture time less the Opus pre-skip
     * (the decoder's delay, whose samples it drops at the start), so it plays in step with the picture.
     */
    private void placeAudio(Item item, long capture) {
        long pts = capture - originMicros - PRE_SKIP_MICROS;
        if (pts < 0 || pts <= lastAudioPts) {
            item.data().release(); // before the first keyframe, or out of order
            return;
        }
        lastAudioPts = pts;
        interleaver.addAudio(item, pts);
    }

    /**
     * The recording ends with its last picture, which lasts one mean frame interval: sound that
     * would play past it is left out, so the file lasts as long as the capture did.
     */
    private void dropSoundAfterThePicture() {
        long frames = videoFrames + interleaver.videoWaiting();
        long end = lastVideoPts + (frames > 1 ? lastVideoPts / (frames - 1) : 0);
        interleaver.dropAudioEndingAfter(end, a -> audioMicros(a.data()));
    }

    private static long audioMicros(ByteBuf opus) {
        return OpusPackets.samples(opus) * 1_000_000L / OpusPackets.SAMPLE_RATE;
    }

    /** Writes what the interleaver lets out (everything, at the end). */
    private void writeReady(boolean all) throws RecordingException {
        Interleaver.Entry<Item> e;
        while ((e = interleaver.next(all)) != null) {
            if (e.video()) {
                writeVideo(e.packet(), e.ptsMicros(), e.dtsMicros(), e.startsFile());
            } else {
                writeAudio(e.packet(), e.ptsMicros());
            }
        }
    }

    private void writeVideo(Item item, long pts, long dts, boolean startsFile) throws RecordingException {
        try {
            if (startsFile) {
                H264Config config = H264Config.of(item.data());
                closeFile();
                open(config != null ? config : fileConfig, pts);
            }
            // a frame lasts until the next one (the interleaver holds it until that one has come);
            // the last of a recording, or one followed by a stall, the recording's mean frame
            // interval; with B-frames, the first `reorder` decode times sit just before the first picture's 0
            Interleaver.Entry<Item> next = interleaver.nextVideo();
            int lead = decodeTimes.reorder();
            long duration;
            if (next != null) {
                duration = next.dtsMicros() - dts;
                if (next.startsFile()) {
                    duration = Math.min(duration, next.ptsMicros() - pts); // the file ends where the next begins
                }
            } else {
                duration = videoFrames > lead ? dts / (videoFrames - lead) : 0;
            }
            duration = Math.max(0, duration);
            if (decodeTimes.reorder() > 0 && pts > lastWrittenVideoPts) {
                // B-frames: a fragment (MP4) or cluster ends only before a picture shown after all
                // written so far, never just before a B-frame (an MP4 fragment starting with one
                // misplaces it)
                lastWrittenVideoPts = pts;
                flushIfDue(pts);
            }
            file.writeVideo(item.data(), pts - fileStartPts, dts - fileStartPts, duration, item.keyframe());
            videoFrames++;
            stats.recordFrames.increment();
            elapsedMicros = Math.max(elapsedMicros, pts);
            endMicros = Math.max(endMicros, pts + duration);
            written(pts);
        } finally {
            item.data().release();
        }
    }

    private void writeAudio(Item item, long pts) throws RecordingException {
        try {
            if (pts < fileStartPts) {
                return; // more than the hold late: its file has been closed
            }
            // the last sound packet before a new file: the file ends where the next begins
            Interleaver.Entry<Item> next = interleaver.nextVideo();
            long end = next != null && next.startsFile() ? next.ptsMicros() - fileStartPts : Long.MAX_VALUE;
            file.writeAudio(item.data(), pts - fileStartPts, audioMicros(item.data()), end);
            written(pts);
        } finally {
            item.data().release();
        }
    }

    private void written(long pts) throws RecordingException {
        if (decodeTimes.reorder() == 0) {
            flushIfDue(pts);
        }
        bytes = bytesBefore + file.bytes();
        stats.recordBytes = bytesTotalBefore + bytes;
    }

    private void flushIfDue(long pts) throws RecordingException {
        if (pts - lastFlushPts >= FLUSH_INTERVAL_MICROS) {
            file.flush();
            lastFlushPts = pts;
        }
    }

    private void open(H264Config config, long startPts) throws RecordingException {
        Path next;
        try {
            next = paths.next();
        } catch (IOException e) {
            throw RecordingException.of(e);
        }
        path = next;
        stats.recordPath = next.toString();
        file = null;
        file = MuxedFile.create(next, paths.format(), config, audioTrack ? OpusPackets.PRE_SKIP : -1,
                originMicros + startPts, buffer);
        if (firstPath == null) {
            firstPath = next;
        }
        files++;
        fileConfig = config;
        fileStartPts = startPts;
        lastFlushPts = startPts;
        out.println("view: recording to " + next);
    }

    private void closeFile() throws RecordingException {
        MuxedFile f = file;
        file = null;
        if (f != null) {
            f.close();
            bytesBefore += f.bytes();
            bytes = bytesBefore;
            stats.recordBytes = bytesTotalBefore + bytes; // with the trailer
        }
    }

    /** Ends the recording: writes what waits and says what was recorded (when {@code finish}), closes the file. */
    private void stop(boolean finish) {
        try {
            if (finish && file != null) {
                dropSoundAfterThePicture();
                writeReady(true);
            }
            closeFile();
            if (finish) {
                out.println(stopped());
            }
        } catch (RecordingException e) {
            report(e.getMessage());
            if (file != null) {
                file.abandon();
                file = null;
            }
        } finally {
            releasePending();
            bytesTotalBefore += bytes;
            active = false;
        }
    }

    /** The line that says a recording stopped: its file(s), how long it lasts, how big it is. */
    private String stopped() {
        if (firstPath == null) {
            return "view: recording stopped before its first keyframe: nothing written";
        }
        String where = files == 1 ? firstPath.toString()
                : firstPath + " to " + path + " (" + files + " files)";
        return String.format(Locale.ROOT, "view: recording stopped: %s, %.1f s, %s", where, endMicros / 1e6,
                size(bytes));
    }

    /** A size as people read it: 412 kB, 3.1 MB, 1.25 GB (powers of 1000, as ls --si). */
    static String size(long bytes) {
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%d kB", Math.round(bytes / 1e3));
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private void fail(String reason) {
        report(reason);
        failedNumber = activeNumber;
        recordingNumber.compareAndSet(activeNumber, activeNumber + 1); // not recording, unless R was pressed since
        if (file != null) {
            file.abandon();
            file = null;
        }
        stop(false);
    }

    private void report(String reason) {
        out.println("view: cannot record to " + (path != null ? path : "a file") + ": " + reason);
    }

    private void releasePending() {
        interleaver.clear();
        Early e;
        while ((e = preroll.poll()) != null) {
            e.item().data().release();
        }
    }

    private void drainQueue() {
        Item item;
        while ((item = queue.poll()) != null) {
            item.data().release();
        }
    }
}
