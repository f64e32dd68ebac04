package io.sensorflow.job.alerting;

/**
 * One aggregate judged against one rule's current threshold: the event the CEP patterns match. A
 * {@code start} event precedes a sensor's first evaluation for a rule, so that a breach from the
 * very first window has something before it, as a calm window would.
 */
public class RuleEvaluation {
    public String sensorId;
    public String rule;
    public boolean start;
    public boolean breached;
    public double value;
    public double threshold;
    public long rulesVersion;
    public long windowStart;
    public long windowEnd;

    public RuleEvaluation() {}

    static RuleEvaluation startOf(String sensorId, String rule, long windowStart, long windowEnd) {
        RuleEvaluation e = new RuleEvaluation();
        e.sensorId = sensorId;
        e.rule = rule;
        e.start = true;
        e.windowStart = windowStart;
        e.windowEnd = windowEnd;
        return e;
    }

    @Override
    public String toString() {
        return (start ? "START " : breached ? "BREACH " : "CALM ")
                + rule
                + "/"
                + sensorId
                + "@"
                + windowEnd
                + " "
                + value
                + " vs "
                + threshold
                + " v"
                + rulesVersion;
    }
}
