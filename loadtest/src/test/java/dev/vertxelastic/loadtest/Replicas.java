package dev.vertxelastic.loadtest;

/**
 * One component's replicas at a sample: on a cluster its HPA's current, desired and maximum and
 * the ready pods; on the local stack the running instances (current = desired) and the ready ones.
 */
record Replicas(int current, int desired, int max, int ready) {
}
