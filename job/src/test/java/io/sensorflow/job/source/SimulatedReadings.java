package io.sensorflow.job.source;

import java.util.ArrayList;
import java.util.List;

/** A deterministic file's worth of simulator output, for replays larger than a hand-made one. */
public final class SimulatedReadings {
    /** 2026-11-24T10:00:00Z. */
    public static final long START = 1795514400000L;

    private SimulatedReadings() {}

    /**
     * {@code count} readings of {@code sensors} simulated sensors, one every 25 ms of simulated
     * clock from 2026-11-24T10:00:00Z; transport delays of up to 400 ms put some out of order and,
     * with a short out-of-orderness bound, make some late; one in a thousand is cut off.
     */
    public static List<String> lines(int sensors, int count) {
        return lines(sensors, count, START);
    }

    /** The same from another start of the simulated clock, in epoch milliseconds. */
    public static List<String> lines(int sensors, int count, long start) {
        SensorSimulator simulator = new SensorSimulator(sensors);
        List<String> lines = new ArrayList<>(count);
        for (long i = 0; i < count; i++) {
            lines.add(simulator.record(i, start + i * 25).payload);
        }
        return lines;
    }
}
