package io.askflow.workers.run;

import java.util.Map;

/**
 * Each tenant's weight in the share of the GPU slots ({@code askflow.workers.tenant-weights.<tenant>}): while
 * tenants both have tasks waiting, their running tasks tend to the ratio of their weights. A tenant not named
 * weighs 1.
 *
 * @param weights the weights of the tenants named, each at least 1
 */
public record TenantWeights(Map<String, Integer> weights) {

    /** Every tenant weighs 1. */
    public static final TenantWeights EQUAL = new TenantWeights(Map.of());

    public TenantWeights {
        weights = weights == null ? Map.of() : weights;
        weights.forEach((tenant, weight) -> {
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("askflow.workers.tenant-weights." + tenant
                        + " must be at least 1, was " + weight);
            }
        });
        weights = Map.copyOf(weights);
    }

    /** The weight of {@code tenant}: its configured weight, else 1. */
    public int of(String tenant) {
        return weights.getOrDefault(tenant, 1);
    }
}
