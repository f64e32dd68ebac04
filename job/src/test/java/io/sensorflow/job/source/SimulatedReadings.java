package io.sensorflow.job.source;

import java.util.ArrayList;
import java.util.List;

/** A deterministic file's worth of simulator output, for replays larger than a hand-made one. */
public final class SimulatedReadings {
    private SimulatedReadings() {}

    /**
     * {@code count} readings of {@code sensors} simulated sensors, one every 25 ms of simulated
     * clock from 2026-11-24T10:00:00Z; transport delays of up to 400 ms put some out of order and,
     * with a short out-of-orderness bound, make some late; one in a thousand is cut off.
     */
    public static List<String> lines(int sensors, int count) {
        SensorSimulator simulator = new SensorSimulator(sensors);
        long start = 1795514400000L;
        List<String> lines = new ArrayList<>(count);
        for (long i = 0; i < count; i++) {
            lines.add(simulator.record(i, start + i * 25).payload);
        }
        return lines;
    }
}
