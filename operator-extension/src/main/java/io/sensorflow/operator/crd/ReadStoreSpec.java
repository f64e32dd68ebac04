package io.sensorflow.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The optional PostgreSQL read store the job keeps the read model in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReadStoreSpec {
    @Required
    @Size(max = 2048)
    @Pattern("^jdbc:postgresql://[^\\s/?]\\S*$")
    @JsonPropertyDescription(
            "jdbc:postgresql://HOST:PORT/DB of the database that holds the tables sensor_averages,"
                    + " sensor_latest, alerts_active and alert_history (created if absent).")
    public String url;

    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    @JsonPropertyDescription(
            "A Secret in the pipeline's namespace with the keys username and password; mounted"
                    + " into the pods, never inlined.")
    public String credentialsSecret;
}
