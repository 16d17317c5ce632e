/** Spring wiring of the workers: typed, validated properties and the beans of each feature. */
package io.askflow.workers.config;
