package io.sensorflow.job.sink.readstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class ReadStoreSchemaTest {

    /** Waiting helps a database that is not there yet, not one that refuses the job's login. */
    @Test
    void onlyConnectionTroubleIsWorthWaitingFor() {
        assertThat(ReadStoreSchema.isTransient(new SQLException("refused", "08001"))).isTrue();
        assertThat(ReadStoreSchema.isTransient(new SQLException("starting", "57P03"))).isTrue();
        assertThat(ReadStoreSchema.isTransient(new SQLException("too many", "53300"))).isTrue();
        assertThat(ReadStoreSchema.isTransient(new SQLException("password", "28P01"))).isFalse();
        assertThat(ReadStoreSchema.isTransient(new SQLException("privilege", "42501"))).isFalse();
    }
}
