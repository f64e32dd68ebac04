package io.sensorflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadStoresTest {

    @Test
    void onlyPostgresUrlsWithAHostPass() {
        assertThat(ReadStores.checkUrl("jdbc:postgresql://db:5432/sensors")).isEmpty();
        assertThat(ReadStores.checkUrl("jdbc:postgresql://db/sensors?sslmode=require")).isEmpty();
        assertThat(ReadStores.checkUrl("jdbc:mysql://db:3306/sensors"))
                .hasValueSatisfying(p -> assertThat(p.message()).contains("PostgreSQL"));
        assertThat(ReadStores.checkUrl("jdbc:postgresql:///sensors"))
                .hasValueSatisfying(p -> assertThat(p.message()).contains("no host"));
        assertThat(ReadStores.checkUrl("jdbc:postgresql://db:5432/my db"))
                .hasValueSatisfying(p -> assertThat(p.message()).contains("white space"));
        assertThat(ReadStores.checkUrl(null)).isPresent();
        assertThat(ReadStores.checkUrl("jdbc:postgresql://db/sensors?ssl=true&Password=x"))
                .hasValueSatisfying(p -> assertThat(p.message()).contains("'password'"));
        assertThat(ReadStores.checkUrl("jdbc:postgresql://db/sensors?user=u"))
                .hasValueSatisfying(p -> assertThat(p.message()).contains("credentials"));
    }
}
