package io.sensorflow.api;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The optional read store: a PostgreSQL database that the job keeps the read model in. The
 * controller and the job check its URL alike.
 */
public final class ReadStores {
    public static final String URL_PREFIX = "jdbc:postgresql://";

    /** The credential keys: a mounted Secret's file names, or a properties file's keys. */
    public static final String USERNAME = "username";

    public static final String PASSWORD = "password";

    /** URL parameters that would put a login where everyone can read it. */
    private static final Set<String> SECRET_PARAMETERS =
            Set.of("user", "password", "sslpassword", "sslkey");

    private ReadStores() {}

    /** What is wrong with this JDBC URL, if anything ({@code field} is empty). */
    public static Optional<Problem> checkUrl(String url) {
        if (url == null || !url.startsWith(URL_PREFIX)) {
            return Optional.of(
                    new Problem(
                            "", "must be a PostgreSQL JDBC URL, " + URL_PREFIX + "HOST:PORT/DB"));
        }
        String rest = url.substring(URL_PREFIX.length());
        if (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?")) {
            return Optional.of(new Problem("", "names no host after " + URL_PREFIX));
        }
        for (int i = 0; i < url.length(); i++) {
            if (Character.isWhitespace(url.charAt(i)) || Character.isISOControl(url.charAt(i))) {
                return Optional.of(new Problem("", "must not contain white space"));
            }
        }
        int query = url.indexOf('?');
        if (query >= 0) {
            for (String parameter : url.substring(query + 1).split("&")) {
                String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
                if (SECRET_PARAMETERS.contains(name)) {
                    return Optional.of(
                            new Problem(
                                    "",
                                    "must not carry the parameter '"
                                            + name
                                            + "': the URL shows in arguments, logs and status;"
                                            + " give the login as credentials"));
                }
            }
        }
        return Optional.empty();
    }
}
