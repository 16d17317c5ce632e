/**
 * Webhook deliveries as every role sees them: the Standard Webhooks signature
 * ({@link io.askflow.core.webhook.WebhookSigner}) and the guard that keeps deliveries to public addresses
 * ({@link io.askflow.core.webhook.ReceiverAddresses}, {@link io.askflow.core.webhook.Cidr}). A job's own webhook is
 * {@code io.askflow.core.job.JobWebhook}. The api checks a receiver at submit and registers endpoints; the
 * pipeline's dispatcher delivers.
 */
package io.askflow.core.webhook;
