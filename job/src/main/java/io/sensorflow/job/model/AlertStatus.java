package io.sensorflow.job.model;

/** The two alert records: a rule started to be breached, or stopped being breached. */
public enum AlertStatus {
    FIRING,
    RESOLVED
}
