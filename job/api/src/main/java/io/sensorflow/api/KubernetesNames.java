package io.sensorflow.api;

import java.util.regex.Pattern;

/**
 * Kubernetes' rules for names, which pipelines, rules and the thresholds ConfigMap follow. The
 * patterns have no look-arounds, so that a CRD schema (checked with RE2) can carry them too.
 */
public final class KubernetesNames {
    /**
     * RFC 1123 label: lower-case letters, digits and '-', at most 63, alphanumeric at both ends.
     */
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

    /** RFC 1123 subdomain: dot-separated labels; at most {@link #DNS_SUBDOMAIN_MAX_LENGTH}. */
    public static final String DNS_SUBDOMAIN =
            "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    public static final int DNS_LABEL_MAX_LENGTH = 63;
    public static final int DNS_SUBDOMAIN_MAX_LENGTH = 253;

    private static final Pattern LABEL = Pattern.compile(DNS_LABEL);
    private static final Pattern SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN);

    private KubernetesNames() {}

    public static boolean isDnsLabel(String name) {
        return name != null && LABEL.matcher(name).matches();
    }

    public static boolean isDnsSubdomain(String name) {
        return name != null
                && name.length() <= DNS_SUBDOMAIN_MAX_LENGTH
                && SUBDOMAIN.matcher(name).matches();
    }
}
