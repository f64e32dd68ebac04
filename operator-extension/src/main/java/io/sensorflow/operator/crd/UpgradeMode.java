package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum UpgradeMode {
    @JsonProperty("savepoint")
    SAVEPOINT,
    @JsonProperty("last-state")
    LAST_STATE,
    @JsonProperty("stateless")
    STATELESS
}
