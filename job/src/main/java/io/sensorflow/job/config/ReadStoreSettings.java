package io.sensorflow.job.config;

import io.sensorflow.api.ReadStores;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the read store is and how to log in: a PostgreSQL JDBC URL, and a user and password read
 * from a file (or none, when the URL or the server's authentication needs none).
 */
public record ReadStoreSettings(String url, String username, String password)
        implements Serializable {

    /**
     * @param credentials a properties file with {@code username} and {@code password}, or a mounted
     *     Secret's directory with those two files; null for none
     * @throws IllegalArgumentException when the credentials lack one of the two
     */
    public static ReadStoreSettings of(String url, Path credentials) throws IOException {
        if (credentials == null) {
            return new ReadStoreSettings(url, null, null);
        }
        Properties p = SecretFiles.load(credentials);
        String username = p.getProperty(ReadStores.USERNAME);
        String password = p.getProperty(ReadStores.PASSWORD);
        if (username == null || username.isEmpty() || password == null) {
            throw new IllegalArgumentException(
                    "needs the keys '"
                            + ReadStores.USERNAME
                            + "' and '"
                            + ReadStores.PASSWORD
                            + "' (found: "
                            + String.join(", ", p.stringPropertyNames())
                            + ")");
        }
        return new ReadStoreSettings(url, username, password);
    }

    /** Never the password: settings end up in logs. */
    @Override
    public String toString() {
        return "ReadStoreSettings[" + url + (username == null ? "" : " as " + username) + "]";
    }
}
