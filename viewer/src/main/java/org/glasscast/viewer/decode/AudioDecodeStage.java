package org.glasscast.viewer.decode;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glasscast.protocol.clock.MediaClock;
import org.glasscast.viewer.media.OpusDecoder;
import org.glasscast.viewer.rtp.TrackReceiver.AudioPacket;
import org.glasscast.viewer.stats.ViewerStats;

/**
 * The audio decode thread's work: Opus packets from a bounded queue → PCM → the sink (the
 * OpenAL player when sound is played). Decoded samples are counted, and each packet's
 * capture→decoded latency feeds the A/V offset while no sound is played.
 */
public final class AudioDecodeStage {
    private static final int QUEUE_CAPACITY = 200; // 2 s of our 10 ms packets (4 s of ffmpeg's 20 ms ones)
    private static final int MAX_SAMPLES_PER_CHANNEL = 5760; // 120 ms at 48 kHz, the longest Opus packet

    /** Where decoded audio goes (playback, a test's ears). Called on the audio decode thread. */
    public interface AudioSink {
        /**
         * @param pcm interleaved stereo s16, valid only during the call
         * @param samplesPerChannel how many samples of each channel {@code pcm} holds
         * @param captureMicros the capture time of the first sample (µs since the epoch), or -1
         */
        void onAudio(short[] pcm, int samplesPerChannel, long captureMicros);
    }

    private final ArrayBlockingQueue<AudioPacket> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ViewerStats stats;
    private final MediaClock clock;
    private final AudioSink sink;

    /** @param sink where decoded audio goes; null = counted only */
    public AudioDecodeStage(ViewerStats stats, MediaClock clock, AudioSink sink) {
        this.stats = stats;
        this.clock = clock;
        this.sink = sink;
    }

    /** From the event loop; takes ownership of the packet's payload. */
    public void offer(AudioPacket p) {
        if (!queue.offer(p)) {
            p.payload().release();
        }
    }

    public void run() {
        short[] pcm = new short[MAX_SAMPLES_PER_CHANNEL * 2];
        try (OpusDecoder decoder = new OpusDecoder()) {
            while (!Thread.currentThread().isInterrupted()) {
                AudioPacket p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    continue;
                }
                try {
                    int samples = decoder.decode(p.payload(), pcm);
                    if (samples > 0) {
                        stats.audioSamplesDecoded.add(samples);
                        if (p.captureMicros() > 0) {
                            stats.audioLatencySumMicros.add(clock.nowUnixMicros() - p.captureMicros());
                            stats.audioLatencyCount.increment();
                        }
                        if (sink != null) {
                            sink.onAudio(pcm, samples, p.captureMicros() > 0 ? p.captureMicros() : -1);
                        }
                    }
                } finally {
                    p.payload().release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            AudioPacket p;
            while ((p = queue.poll()) != null) {
                p.payload().release();
            }
        }
    }
}
