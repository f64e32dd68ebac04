package io.sensorflow.job.sink;

/** The job's three outputs, with their names in each kind of sink. */
public enum Output {
    AVERAGES("averages.jsonl", "average"),
    ALERTS("alerts.jsonl", "alert"),
    DEAD_LETTERS("dead-letter.jsonl", "dead-letter");

    private final String fileName;
    private final String label;

    Output(String fileName, String label) {
        this.fileName = fileName;
        this.label = label;
    }

    /** The stable part of the operator uids of this output's sinks. */
    public String id() {
        return fileName.substring(0, fileName.indexOf('.'));
    }

    /** The file under {@code --sink file:DIR}. */
    public String fileName() {
        return fileName;
    }

    /** The prefix of each line under {@code --sink stdout}. */
    public String label() {
        return label;
    }
}
